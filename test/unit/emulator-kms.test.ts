/**
 * The emulator's KMS: a ciphertext that really hides the plaintext (in no simple encoding), tied to
 * its key, key version and encryption context; the documented refusals (InvalidParameter,
 * MissingParameter, Forbidden.KeyNotFound, Rejected.Disabled); keys per account and per process.
 */
import { manualClock } from "../../emulator/clock";
import { KmsService } from "../../emulator/kms";
import { encodingsOf } from "../../provider/scrub";

const OWNER = "emulator-ak";
const PLAIN = "Kms-Secret#2024pw";

function kms() {
  const service = new KmsService(manualClock(Date.now()));
  const keyId = (service.dispatch("CreateKey", {}, OWNER) as any).KeyMetadata.KeyId as string;
  return { service, keyId };
}
const codeOf = (f: () => unknown) => { try { f(); } catch (e) { return `${(e as { code: string }).code} ${(e as { httpStatus: number }).httpStatus}`; } return "none"; };
const encrypt = (s: KmsService, keyId: string, extra: Record<string, string> = {}) =>
  s.dispatch("Encrypt", { KeyId: keyId, Plaintext: PLAIN, ...extra }, OWNER) as { CiphertextBlob: string; KeyId: string; KeyVersionId: string };

test("CreateKey answers an enabled symmetric key; Encrypt and Decrypt round-trip, naming key and version", () => {
  const { service, keyId } = kms();
  expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
  const e = encrypt(service, keyId);
  expect(e).toEqual({ CiphertextBlob: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/), KeyId: keyId, KeyVersionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(service.dispatch("Decrypt", { CiphertextBlob: e.CiphertextBlob }, OWNER)).toEqual({ Plaintext: PLAIN, KeyId: keyId, KeyVersionId: e.KeyVersionId });
});

test("the ciphertext holds the plaintext in no simple encoding, and differs each time", () => {
  const { service, keyId } = kms();
  const a = encrypt(service, keyId).CiphertextBlob;
  const b = encrypt(service, keyId).CiphertextBlob;
  expect(a).not.toBe(b);
  const decoded = Buffer.from(a, "base64");
  const views = [a, decoded.toString("latin1"), decoded.toString("hex"), decoded.toString("utf8"), decodeURIComponent(a)];
  const forms = [...encodingsOf(PLAIN), Buffer.from(PLAIN).toString("base64"), Buffer.from(PLAIN).toString("hex"), Buffer.from(PLAIN).toString("base64url")];
  for (const v of views) for (const f of forms) expect(v.includes(f)).toBe(false);
});

test("the encryption context must be the same (key order aside); absent and {} are the same", () => {
  const { service, keyId } = kms();
  const blob = encrypt(service, keyId, { EncryptionContext: JSON.stringify({ purpose: "app", env: "prod" }) }).CiphertextBlob;
  expect((service.dispatch("Decrypt", { CiphertextBlob: blob, EncryptionContext: '{"env":"prod","purpose":"app"}' }, OWNER) as any).Plaintext).toBe(PLAIN);
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: blob }, OWNER))).toBe("InvalidParameter 400");
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: blob, EncryptionContext: '{"purpose":"app","env":"dev"}' }, OWNER))).toBe("InvalidParameter 400");
  const plain = encrypt(service, keyId).CiphertextBlob;
  expect((service.dispatch("Decrypt", { CiphertextBlob: plain, EncryptionContext: "{}" }, OWNER) as any).Plaintext).toBe(PLAIN);
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: plain, EncryptionContext: "not json" }, OWNER))).toBe("InvalidParameter 400");
  expect(codeOf(() => encrypt(service, keyId, { EncryptionContext: '{"n":1}' }))).toBe("InvalidParameter 400");
});

test("a changed byte, a foreign or malformed blob are refused", () => {
  const { service, keyId } = kms();
  const bytes = Buffer.from(encrypt(service, keyId).CiphertextBlob, "base64");
  bytes[bytes.length - 1] ^= 1;
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: bytes.toString("base64") }, OWNER))).toBe("InvalidParameter 400");
  // Another emulator process draws other key material: its blobs name keys this one never made.
  const other = kms();
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: encrypt(other.service, other.keyId).CiphertextBlob }, OWNER))).toBe("Forbidden.KeyNotFound 404");
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: Buffer.from(PLAIN).toString("base64") }, OWNER))).toBe("InvalidParameter 400");
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: "%%%" }, OWNER))).toBe("InvalidParameter 400");
  expect(codeOf(() => service.dispatch("Decrypt", {}, OWNER))).toBe("MissingParameter 400");
});

test("a disabled key refuses both ways (Rejected.Disabled) until enabled; another account's key is not found", () => {
  const { service, keyId } = kms();
  const blob = encrypt(service, keyId).CiphertextBlob;
  service.dispatch("DisableKey", { KeyId: keyId }, OWNER);
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: blob }, OWNER))).toBe("Rejected.Disabled 409");
  expect(codeOf(() => encrypt(service, keyId))).toBe("Rejected.Disabled 409");
  service.dispatch("EnableKey", { KeyId: keyId }, OWNER);
  expect((service.dispatch("Decrypt", { CiphertextBlob: blob }, OWNER) as any).Plaintext).toBe(PLAIN);
  expect(codeOf(() => service.dispatch("Decrypt", { CiphertextBlob: blob }, "someone-else"))).toBe("Forbidden.KeyNotFound 404");
  expect(codeOf(() => service.dispatch("Encrypt", { KeyId: "00000000-0000-0000-0000-000000000000", Plaintext: "x" }, OWNER))).toBe("Forbidden.KeyNotFound 404");
  expect(codeOf(() => service.dispatch("Encrypt", { KeyId: keyId }, OWNER))).toBe("MissingParameter 400");
  expect(codeOf(() => service.dispatch("Encrypt", { KeyId: keyId, Plaintext: "x".repeat(6 * 1024 + 1) }, OWNER))).toBe("InvalidParameter 400");
});
