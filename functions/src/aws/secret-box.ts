import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { required } from "./deployment-env.ts";

/**
 * Keeps webhook signing secrets encrypted in the views table. A secret is sealed when the API
 * creates its subscription and opened only where a delivery is signed (the notifier). Each
 * sealed value is bound to its tenant and subscription (KMS encryption context, or AES-GCM's
 * associated data locally), so a value copied onto another tenant's subscription does not
 * open. Values written before encryption (`whsec_…`) open as they are, so existing
 * subscriptions keep working and are sealed when re-created.
 */
export interface SecretBox {
  seal(secret: string, owner: SecretOwner): Promise<string>;
  open(stored: string, owner: SecretOwner): Promise<string>;
}

/** Whose secret it is: the subscription it signs for. */
export interface SecretOwner {
  tenant: string;
  webhookId: string;
}

export class SecretBoxError extends Error {}

const KMS_PREFIX = "kms:v1:";
const LOCAL_PREFIX = "local:v1:";

const contextOf = ({ tenant, webhookId }: SecretOwner) => ({ tenant, webhook: webhookId });

/** A value stored before secrets were sealed: the plain `whsec_…` secret itself. */
const isPlain = (stored: string) =>
  !stored.startsWith(KMS_PREFIX) && !stored.startsWith(LOCAL_PREFIX);

/**
 * On AWS: `kms:Encrypt` with the stack's key (the API's role may only encrypt) and
 * `kms:Decrypt` (only the notifier's role may). A secret is 50 bytes, far below KMS's 4 KB
 * limit for direct encryption, so no data key is needed.
 */
export function kmsSecretBox(client: KMSClient, keyId: string): SecretBox {
  return {
    async seal(secret, owner) {
      const { CiphertextBlob } = await client.send(
        new EncryptCommand({
          KeyId: keyId,
          Plaintext: Buffer.from(secret, "utf8"),
          EncryptionContext: contextOf(owner),
        }),
      );
      if (!CiphertextBlob) throw new SecretBoxError("KMS returned no ciphertext");
      return `${KMS_PREFIX}${Buffer.from(CiphertextBlob).toString("base64")}`;
    },
    async open(stored, owner) {
      if (isPlain(stored)) return stored;
      if (!stored.startsWith(KMS_PREFIX))
        throw new SecretBoxError("this secret was sealed with the local key, not with KMS");
      const { Plaintext } = await client.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: Buffer.from(stored.slice(KMS_PREFIX.length), "base64"),
          EncryptionContext: contextOf(owner),
        }),
      );
      if (!Plaintext) throw new SecretBoxError("KMS returned no plaintext");
      return Buffer.from(Plaintext).toString("utf8");
    },
  };
}

/**
 * The local equivalent for `npm start` and the tests: AES-256-GCM with a 32-byte key (kept in
 * the data directory), the owner as associated data. Stored as `local:v1:` + base64 of
 * iv (12 bytes) | tag (16 bytes) | ciphertext.
 */
export function localSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError("the local secret key must be 32 bytes");
  const aad = (owner: SecretOwner) => Buffer.from(JSON.stringify(contextOf(owner)), "utf8");
  return {
    async seal(secret, owner) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad(owner));
      const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return `${LOCAL_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
    },
    async open(stored, owner) {
      if (isPlain(stored)) return stored;
      if (!stored.startsWith(LOCAL_PREFIX))
        throw new SecretBoxError("this secret was sealed with KMS, not with the local key");
      const raw = Buffer.from(stored.slice(LOCAL_PREFIX.length), "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12))
        .setAAD(aad(owner))
        .setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          "utf8",
        );
      } catch (error) {
        throw new SecretBoxError("the secret does not open for this subscription", {
          cause: error,
        });
      }
    },
  };
}

/** The box on AWS: the key infra/secrets.ts declares, named by TERMLINE_SECRETS_KEY. */
export function secretBoxFromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox {
  return kmsSecretBox(new KMSClient({}), required("TERMLINE_SECRETS_KEY", env));
}

/**
 * The box for `npm start`: a 32-byte key in a file of the data directory, made on first use
 * and readable by its owner only. Losing the file loses the sealed secrets (re-create those
 * subscriptions); it is as sensitive as the secrets themselves.
 */
export async function localSecretBoxFromFile(path: string): Promise<SecretBox> {
  const existing = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing) return localSecretBox(existing);
  const key = randomBytes(32);
  // `wx`: two processes starting at once must not overwrite each other's key.
  await writeFile(path, key, { mode: 0o600, flag: "wx" }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  return localSecretBox(await readFile(path));
}
