/**
 * The emulator as a small Alibaba Cloud KMS (2016-01-20): what a provider needs to take a secret
 * given encrypted (an account's kmsEncryptedPassword) and what a test needs to make one.
 *   CreateKey              → KeyMetadata { KeyId, KeyState Enabled, … } (symmetric, ENCRYPT/DECRYPT)
 *   Encrypt                KeyId, Plaintext, EncryptionContext (a JSON object of strings) → CiphertextBlob, KeyId, KeyVersionId
 *   Decrypt                CiphertextBlob, EncryptionContext → Plaintext, KeyId, KeyVersionId
 *   DisableKey / EnableKey KeyId (a disabled key refuses Encrypt and Decrypt: Rejected.Disabled)
 * Keys belong to the account of the key that made them (another account's are not found).
 *
 * The ciphertext is real: AES-256-GCM under key material drawn at random per key in this emulator
 * process, the key's id and version and the encryption context authenticated with it. So it holds
 * the plaintext in no readable form, a wrong context or a changed byte is refused, and a blob from
 * another emulator process (or one restarted: keys are not saved) is not recognised.
 * Codes: the KMS common error table (InvalidParameter 400, MissingParameter 400,
 * Forbidden.KeyNotFound 404, Rejected.Disabled 409).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { codes } from "./codes";
import { optional, Params, required } from "./params";

export const KMS_VERSION = "2016-01-20";
const ACTIONS = new Set(["CreateKey", "Encrypt", "Decrypt", "DisableKey", "EnableKey"]);
/** Blob layout: version byte, key-id length, key id, key-version id (36), IV (12), tag (16), ciphertext. */
const BLOB_VERSION = 1;
const IV_BYTES = 12, TAG_BYTES = 16, VERSION_ID_BYTES = 36;
/** KMS Encrypt takes at most 6 KB of plaintext. */
const MAX_PLAINTEXT = 6 * 1024;

interface KmsKey { keyId: string; versionId: string; material: Buffer; state: "Enabled" | "Disabled"; ownerKeyId: string; createdAt: number; description: string }

export class KmsService {
  private readonly keys = new Map<string, KmsKey>();

  constructor(private readonly clock: Clock) {}

  hasAction(action: string): boolean { return ACTIONS.has(action); }

  /** A key's state as its owner sees it (PolarDB's TDE asks), undefined when it has no such key. */
  keyState(keyId: string, ownerKeyId: string): "Enabled" | "Disabled" | undefined {
    const k = this.keys.get(keyId);
    return k && k.ownerKeyId === ownerKeyId ? k.state : undefined;
  }

  /** Keys made so far (tests: how many exist). */
  keyIds(): string[] { return [...this.keys.keys()]; }

  dispatch(action: string, p: Params, ownerKeyId: string): Record<string, unknown> {
    switch (action) {
      case "CreateKey": return this.createKey(p, ownerKeyId);
      case "Encrypt": return this.encrypt(p, ownerKeyId);
      case "Decrypt": return this.decrypt(p, ownerKeyId);
      case "DisableKey": this.key(required(p, "KeyId"), ownerKeyId).state = "Disabled"; return {};
      case "EnableKey": this.key(required(p, "KeyId"), ownerKeyId).state = "Enabled"; return {};
      default: throw codes.invalidAction();
    }
  }

  private createKey(p: Params, ownerKeyId: string): Record<string, unknown> {
    const spec = optional(p, "KeySpec") ?? "Aliyun_AES_256";
    if (spec !== "Aliyun_AES_256") throw codes.invalidParameter("KeySpec"); // the emulator makes symmetric keys only
    const usage = optional(p, "KeyUsage") ?? "ENCRYPT/DECRYPT";
    if (usage !== "ENCRYPT/DECRYPT") throw codes.invalidParameter("KeyUsage");
    const k: KmsKey = { keyId: randomUUID(), versionId: randomUUID(), material: randomBytes(32), state: "Enabled", ownerKeyId, createdAt: this.clock.now(), description: optional(p, "Description") ?? "" };
    this.keys.set(k.keyId, k);
    const created = new Date(k.createdAt).toISOString().replace(/\.\d{3}Z$/, "Z");
    return {
      KeyMetadata: {
        KeyId: k.keyId, KeyState: k.state, KeySpec: spec, KeyUsage: usage, Origin: "Aliyun_KMS", ProtectionLevel: "SOFTWARE",
        CurrentKeyVersionId: k.versionId, PrimaryKeyVersion: k.versionId, Description: k.description, CreationDate: created,
        Arn: `acs:kms:cn-hangzhou:1234567890123456:key/${k.keyId}`, Creator: "1234567890123456",
      },
    };
  }

  private encrypt(p: Params, ownerKeyId: string): Record<string, unknown> {
    const k = this.usable(required(p, "KeyId"), ownerKeyId);
    const plaintext = p.Plaintext;
    if (plaintext === undefined || plaintext === "") throw codes.missingParameter("Plaintext");
    if (Buffer.byteLength(plaintext) > MAX_PLAINTEXT) throw codes.invalidParameter("Plaintext");
    const header = blobHeader(k);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", k.material, iv);
    cipher.setAAD(Buffer.concat([header, contextOf(p)]));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const blob = Buffer.concat([header, iv, cipher.getAuthTag(), body]).toString("base64");
    return { CiphertextBlob: blob, KeyId: k.keyId, KeyVersionId: k.versionId };
  }

  private decrypt(p: Params, ownerKeyId: string): Record<string, unknown> {
    const raw = required(p, "CiphertextBlob");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) throw codes.invalidParameter("CiphertextBlob");
    const bytes = Buffer.from(raw, "base64");
    const idLength = bytes[1] ?? 0;
    const headerLength = 2 + idLength + VERSION_ID_BYTES;
    if (bytes[0] !== BLOB_VERSION || bytes.length < headerLength + IV_BYTES + TAG_BYTES) throw codes.invalidParameter("CiphertextBlob");
    const keyId = bytes.subarray(2, 2 + idLength).toString("utf8");
    const k = this.usable(keyId, ownerKeyId);
    const header = bytes.subarray(0, headerLength);
    if (bytes.subarray(2 + idLength, headerLength).toString("utf8") !== k.versionId) throw codes.invalidParameter("CiphertextBlob");
    const iv = bytes.subarray(headerLength, headerLength + IV_BYTES);
    const tag = bytes.subarray(headerLength + IV_BYTES, headerLength + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", k.material, iv);
    decipher.setAAD(Buffer.concat([header, contextOf(p)]));
    decipher.setAuthTag(tag);
    let plaintext: string;
    try {
      plaintext = Buffer.concat([decipher.update(bytes.subarray(headerLength + IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      // A changed byte, or another EncryptionContext than the one it was encrypted with.
      throw codes.invalidParameter("CiphertextBlob");
    }
    return { Plaintext: plaintext, KeyId: k.keyId, KeyVersionId: k.versionId };
  }

  private key(keyId: string, ownerKeyId: string): KmsKey {
    const k = this.keys.get(keyId);
    if (!k || k.ownerKeyId !== ownerKeyId) throw codes.kmsKeyNotFound();
    return k;
  }

  private usable(keyId: string, ownerKeyId: string): KmsKey {
    const k = this.key(keyId, ownerKeyId);
    if (k.state === "Disabled") throw codes.kmsKeyDisabled();
    return k;
  }
}

function blobHeader(k: KmsKey): Buffer {
  const id = Buffer.from(k.keyId, "utf8");
  return Buffer.concat([Buffer.from([BLOB_VERSION, id.length]), id, Buffer.from(k.versionId, "utf8")]);
}

/** The EncryptionContext as authenticated data: a JSON object of strings, keys sorted; absent = {}. */
function contextOf(p: Params): Buffer {
  const text = optional(p, "EncryptionContext");
  if (text === undefined) return Buffer.from("{}");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw codes.invalidParameter("EncryptionContext");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) {
    throw codes.invalidParameter("EncryptionContext");
  }
  const sorted = Object.fromEntries(Object.entries(parsed as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Buffer.from(JSON.stringify(sorted));
}
