/**
 * Webhook signing secrets sealed at rest: the exact KMS requests (KMS has no local emulator, so
 * its client is mocked and the requests checked), and the local AES-GCM equivalent for
 * `npm start`, which must refuse a sealed value moved to another tenant's subscription.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  kmsSecretBox,
  localSecretBox,
  localSecretBoxFromFile,
  SecretBoxError,
} from "../../functions/src/aws/secret-box.ts";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-000000000001";
const client = new KMSClient({ region: "eu-west-1" });
const kms = mockClient(client);
afterEach(() => kms.reset());

const owner = { tenant: "acme", webhookId: "wh-1" };
const SECRET = "whsec_c2VjcmV0LXRoYXQtc2lnbnMtZXZlcnktZGVsaXZlcnk";

describe("the KMS secret box", () => {
  it("encrypts with the stack's key, bound to the tenant and subscription, and stores base64", async () => {
    kms
      .on(EncryptCommand)
      .resolves({ CiphertextBlob: Uint8Array.from([1, 2, 3, 250]), KeyId: KEY });
    const sealed = await kmsSecretBox(client, KEY).seal(SECRET, owner);

    expect(sealed).toBe("kms:v1:AQID+g==");
    const calls = kms.commandCalls(EncryptCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      KeyId: KEY,
      Plaintext: Buffer.from(SECRET, "utf8"),
      EncryptionContext: { tenant: "acme", webhook: "wh-1" },
    });
  });

  it("decrypts with the same key and context, and nothing else", async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from(SECRET, "utf8"), KeyId: KEY });
    expect(await kmsSecretBox(client, KEY).open("kms:v1:AQID+g==", owner)).toBe(SECRET);

    expect(kms.calls()).toHaveLength(1);
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY,
      CiphertextBlob: Buffer.from([1, 2, 3, 250]),
      EncryptionContext: { tenant: "acme", webhook: "wh-1" },
    });
  });

  it("opens a secret stored before sealing as it is, without calling KMS", async () => {
    expect(await kmsSecretBox(client, KEY).open(SECRET, owner)).toBe(SECRET);
    expect(kms.calls()).toHaveLength(0);
  });

  it("passes KMS's refusal on (a wrong context is InvalidCiphertextException)", async () => {
    kms.on(DecryptCommand).rejects(
      Object.assign(new Error("InvalidCiphertextException"), {
        name: "InvalidCiphertextException",
      }),
    );
    await expect(
      kmsSecretBox(client, KEY).open("kms:v1:AQID+g==", { tenant: "beta", webhookId: "wh-1" }),
    ).rejects.toThrow("InvalidCiphertextException");
  });
});

describe("the local secret box", () => {
  const box = localSecretBox(randomBytes(32));

  it("round-trips a secret, and never stores it readable", async () => {
    const sealed = await box.seal(SECRET, owner);
    expect(sealed.startsWith("local:v1:")).toBe(true);
    expect(sealed).not.toContain("whsec_");
    expect(Buffer.from(sealed.slice(9), "base64").toString("latin1")).not.toContain("whsec_");
    expect(await box.open(sealed, owner)).toBe(SECRET);
    // A fresh IV each time: the same secret never seals to the same value.
    expect(await box.seal(SECRET, owner)).not.toBe(sealed);
  });

  it("refuses a sealed value moved to another tenant or subscription", async () => {
    const sealed = await box.seal(SECRET, owner);
    await expect(box.open(sealed, { tenant: "beta", webhookId: "wh-1" })).rejects.toThrow(
      new SecretBoxError("the secret does not open for this subscription"),
    );
    await expect(box.open(sealed, { tenant: "acme", webhookId: "wh-2" })).rejects.toThrow(
      SecretBoxError,
    );
  });

  it("refuses another key's value and a KMS value, and a key of the wrong size", async () => {
    const sealed = await localSecretBox(randomBytes(32)).seal(SECRET, owner);
    await expect(box.open(sealed, owner)).rejects.toThrow(SecretBoxError);
    await expect(box.open("kms:v1:AQID+g==", owner)).rejects.toThrow(
      "this secret was sealed with KMS, not with the local key",
    );
    expect(() => localSecretBox(randomBytes(16))).toThrow("the local secret key must be 32 bytes");
  });
});

describe("the local key file", () => {
  it("is made once, owner-only, and opens what an earlier start sealed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "termline-secret-key-"));
    try {
      const path = join(dir, "secret-box.key");
      const sealed = await (await localSecretBoxFromFile(path)).seal(SECRET, owner);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await readFile(path)).toHaveLength(32);
      expect(await (await localSecretBoxFromFile(path)).open(sealed, owner)).toBe(SECRET);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
