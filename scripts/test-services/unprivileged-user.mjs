import fs from "node:fs";
import path from "node:path";

/** The `nobody` account from /etc/passwd, or the usual 65534 when it is not listed. */
function nobody() {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("nobody:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) };
}

/**
 * True when a user who is neither owner nor group can run `file` (every folder above it too).
 * @param {string} file
 */
function othersCanRun(file) {
  for (let at = file; ; at = path.dirname(at)) {
    if ((fs.statSync(at).mode & 0o001) === 0) return false;
    if (path.dirname(at) === at) return true;
  }
}

/** @param {string} target @param {number} uid @param {number} gid */
function chownTree(target, uid, gid) {
  fs.lchownSync(target, uid, gid);
  if (fs.lstatSync(target).isDirectory())
    for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), uid, gid);
}

/**
 * Who a server that refuses root (PostgreSQL) runs as. Anyone else: themselves. Root: the
 * `nobody` account, which is given `dir`; when the installed binaries sit where nobody cannot
 * reach them (a checkout under /root, say), they are copied into `dir` first.
 * @param {string} dir @param {string[]} executables
 * @returns {{ ids: { uid?: number, gid?: number }, binariesDir?: string }}
 */
export function unprivilegedUser(dir, executables) {
  if (process.getuid?.() !== 0) return { ids: {} };
  const { uid, gid } = nobody();
  /** @type {string | undefined} */
  let binariesDir;
  if (!executables.every(othersCanRun)) {
    // The package's layout: native/bin next to native/lib and native/share.
    const native = path.dirname(path.dirname(/** @type {string} */ (executables[0])));
    fs.cpSync(native, path.join(dir, "native"), { recursive: true, verbatimSymlinks: true });
    binariesDir = path.join(dir, "native", "bin");
  }
  chownTree(dir, uid, gid);
  return { ids: { uid, gid }, binariesDir };
}
