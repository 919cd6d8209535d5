/**
 * Secrets in API texts: every encoding the wire and the cloud's echoes use is scrubbed. The
 * forms are built here independently of provider/scrub.ts (the real echo of the emulator's
 * SignatureDoesNotMatch is in test/integration/unkind-cloud.test.ts).
 */
import { scrub, secretValues } from "../../provider/scrub";

const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const secret = "Rotated-Passw0rd!Nu88 (x*y)+z/é";

test.each([
  ["plain", secret],
  ["percent-encoded once (RFC 3986, as signed)", rfc3986(secret)],
  ["percent-encoded twice (a string-to-sign's value)", rfc3986(rfc3986(secret))],
  ["form-encoded", new URLSearchParams({ v: secret }).toString().slice(2)],
  ["JS encodeURIComponent", encodeURIComponent(secret)],
  ["lower-case hex", encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
  ["JSON-escaped", JSON.stringify(secret).slice(1, -1)],
])("%s: gone from the text, the rest kept", (_name, form) => {
  const text = `server string to sign is:POST&%2F&AccountName%3Dapp%26NewAccountPassword%3D${form}%26Version%3D2017-08-01 end`;
  const out = scrub(text, [secret]);
  expect(out).not.toContain(form);
  expect(out).toContain("[redacted]");
  expect(out).toContain("AccountName%3Dapp");
  expect(out).toContain("end");
});

test("secret parameters are picked by name; ClientToken, names and ids are not secrets", () => {
  const picked = secretValues({ AccountPassword: "a-Passw0rd", NewAccountPassword: "b-Passw0rd", SourcePassword: "c-Passw0rd", ClientToken: "tok", AccountName: "app", DBClusterId: "pc-1" }, ["key-secret"]);
  expect(picked.sort()).toEqual(["a-Passw0rd", "b-Passw0rd", "c-Passw0rd", "key-secret"]);
});

test("short values are left alone (scrubbing \"1\" would mangle every message)", () => {
  expect(scrub("DBNodeId.1 failed", ["1"])).toBe("DBNodeId.1 failed");
});
