import { createPrivateKey, createPublicKey, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { JWT_ALGORITHMS, type JwtAlgorithm } from "../config/env.js";
import { keyIdOf } from "../auth/key-ring.js";
import { generatePrivateKeyPem } from "../auth/load-keys.js";

/**
 * `npm run keys`: the signing material a deployment needs. For HS256 a random secret to put
 * in JWT_SECRET; for ES256/RS256 a key pair written to files (the private one readable by
 * its owner only, never overwritten), plus the variables that point the API at it.
 * Rotation is described in docs/security.md.
 */
export const USAGE = `Usage: npm run keys -w @jwt-auth/api -- [--alg HS256|ES256|RS256] [--out DIR]

  --alg HS256   (default) print a new random secret for JWT_SECRET (48 random bytes)
  --alg ES256   write an EC P-256 key pair to DIR and print the variables to set
  --alg RS256   write an RSA 3072-bit key pair to DIR and print the variables to set
  --out DIR     where a key pair is written (default: ./keys); files are never overwritten
  --help        show this text

Keep secrets and private keys out of the repository: in a secret manager or a file only
the API's user can read. To rotate, see docs/security.md ("Rotating keys").`;

export interface KeysIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

/** Runs the command with its arguments; returns the process exit code. */
export function generateKeys(argv: string[], io: KeysIo): number {
  const parsed = parseArgs(argv);
  if ("error" in parsed) {
    io.err(parsed.error);
    io.err(USAGE);
    return 2;
  }
  if (parsed.help) {
    io.out(USAGE);
    return 0;
  }
  if (parsed.algorithm === "HS256") {
    io.out("# A new HS256 secret: put it in the API's environment, never in the repository.");
    io.out("JWT_ALGORITHM=HS256");
    io.out(`JWT_SECRET=${randomBytes(48).toString("base64url")}`);
    return 0;
  }

  const privatePem = generatePrivateKeyPem(parsed.algorithm);
  const publicKey = createPublicKey(createPrivateKey(privatePem));
  const kid = keyIdOf(publicKey);
  const dir = path.resolve(io.cwd, parsed.out);
  const base = path.join(dir, `jwt-${parsed.algorithm.toLowerCase()}-${kid.slice(0, 12)}`);
  const privateFile = `${base}-private.pem`;
  const publicFile = `${base}-public.pem`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // `wx`: refuse to replace a key that may still be signing or verifying somewhere.
    fs.writeFileSync(privateFile, privatePem, { mode: 0o600, flag: "wx" });
    fs.writeFileSync(publicFile, publicKey.export({ type: "spki", format: "pem" }), {
      mode: 0o644,
      flag: "wx",
    });
  } catch (err) {
    io.err(
      `Cannot write the key pair: ${(err as NodeJS.ErrnoException).code ?? String(err)} (${dir})`,
    );
    return 1;
  }
  io.out(`# Wrote ${privateFile} (private: keep it secret, mode 0600)`);
  io.out(`# and ${publicFile} (public: its key id is ${kid}).`);
  io.out(`JWT_ALGORITHM=${parsed.algorithm}`);
  io.out(`JWT_PRIVATE_KEY_FILE=${privateFile}`);
  return 0;
}

type Parsed = { algorithm: JwtAlgorithm; out: string; help: boolean } | { error: string };

function parseArgs(argv: string[]): Parsed {
  let algorithm: JwtAlgorithm = "HS256";
  let out = "keys";
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--alg") {
      const given = value()?.toUpperCase();
      if (!JWT_ALGORITHMS.includes(given as JwtAlgorithm))
        return {
          error: `--alg must be one of ${JWT_ALGORITHMS.join(", ")} (got ${given ?? "nothing"})`,
        };
      algorithm = given as JwtAlgorithm;
    } else if (flag === "--out") {
      const dir = value();
      if (!dir) return { error: "--out needs a directory" };
      out = dir;
    } else return { error: `Unknown argument: ${arg}` };
  }
  return { algorithm, out, help };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = generateKeys(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    cwd: process.cwd(),
  });
}
