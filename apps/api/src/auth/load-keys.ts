import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, type Config, type JwtAlgorithm } from "../config/env.js";
import { createKeyRing, type KeyRing } from "./key-ring.js";

/**
 * Builds the key ring from the configuration. Outside production a missing secret or key
 * pair is generated once and kept in the data folder (mode 0600), so restarts keep
 * everyone logged in; production refuses to start without them (see config/tokens.ts).
 */
export function loadKeys(config: Config): KeyRing {
  const { algorithm } = config.jwt;
  if (algorithm === "HS256") {
    const secret =
      config.jwt.secret ??
      readOrCreate(path.join(config.dataDir, "jwt-secret"), () =>
        randomBytes(48).toString("base64url"),
      );
    return createKeyRing(
      algorithm,
      { privateKey: createSecretKey(Buffer.from(secret)), kid: config.jwt.keyId },
      config.jwt.previousSecrets.map((s) => createSecretKey(Buffer.from(s))),
    );
  }
  const pem =
    config.jwt.privateKeyPem ??
    (config.jwt.privateKeyFile
      ? readKeyFile(config.jwt.privateKeyFile)
      : readOrCreate(path.join(config.dataDir, `jwt-${algorithm.toLowerCase()}-private.pem`), () =>
          generatePrivateKeyPem(algorithm),
        ));
  const privateKey = parsePrivateKey(pem, algorithm);
  const retiring = splitPems(config.jwt.previousPublicKeysPem ?? "").map((p) =>
    parsePublicKey(p, algorithm),
  );
  return createKeyRing(algorithm, { privateKey, kid: config.jwt.keyId }, retiring);
}

export function generatePrivateKeyPem(algorithm: Exclude<JwtAlgorithm, "HS256">): string {
  const { privateKey } =
    algorithm === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: 3072 });
  return privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

function parsePrivateKey(pem: string, algorithm: JwtAlgorithm): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError("JWT_PRIVATE_KEY is not a PEM private key");
  }
  assertFits(key, algorithm, "JWT_PRIVATE_KEY");
  return key;
}

function parsePublicKey(pem: string, algorithm: JwtAlgorithm): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError("JWT_PREVIOUS_PUBLIC_KEYS holds something that is not a PEM public key");
  }
  assertFits(key, algorithm, "JWT_PREVIOUS_PUBLIC_KEYS");
  return key;
}

function assertFits(key: KeyObject, algorithm: JwtAlgorithm, variable: string): void {
  const details = key.asymmetricKeyDetails;
  const ok =
    algorithm === "ES256"
      ? key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1"
      : key.asymmetricKeyType === "rsa" && (details?.modulusLength ?? 0) >= 2048;
  if (!ok) {
    throw new ConfigError(
      `${variable} does not fit JWT_ALGORITHM=${algorithm} (${algorithm === "ES256" ? "an EC P-256 key" : "an RSA key of 2048 bits or more"} is needed)`,
    );
  }
}

function splitPems(bundle: string): string[] {
  return bundle.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(`JWT_PRIVATE_KEY_FILE cannot be read (${file})`);
  }
}

function readOrCreate(file: string, create: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const value = create();
  try {
    fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
    return value;
  } catch (err) {
    // Another process started at the same moment and wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}
