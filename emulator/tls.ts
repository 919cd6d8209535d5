/**
 * A self-signed TLS certificate for the emulator's loopback address, made at start.
 *
 * Why: @alicloud/credentials 2.4.7 always calls STS over https (`https://<stsEndpoint>/`), so the
 * emulator must speak TLS for the official library to reach it unchanged. Node has no API that
 * writes an X.509 certificate, so this module encodes the few DER structures one needs (an EC
 * P-256 key, subjectAltName 127.0.0.1 / ::1 / localhost, CA:TRUE so the certificate is its own
 * trust anchor). Clients trust it with NODE_EXTRA_CA_CERTS=<file> (read at process start) or,
 * in-process, tls.setDefaultCACertificates / an https agent's `ca`.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";

export interface TlsIdentity { key: string; cert: string }

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]) => { const body = Buffer.concat(content); return Buffer.concat([Buffer.from([tag]), len(body.length), body]); };
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) { groups.unshift(v % 128); if (v < 128) break; }
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(ms: number): Buffer {
  const d = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ → YYMMDDHHMMSSZ
  return tlv(0x17, Buffer.from(`${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}Z`, "ascii"));
}

function pem(kind: string, der: Buffer): string {
  return `-----BEGIN ${kind}-----\n${der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END ${kind}-----\n`;
}

/** A fresh key and a certificate valid from a day ago for one year, for 127.0.0.1, ::1 and localhost. */
export function selfSignedIdentity(now = Date.now()): TlsIdentity {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaSha256 = seq(oid("1.2.840.10045.4.3.2"));
  // A positive INTEGER in minimal DER form: top bit clear (positive) and the first byte never 0
  // (a leading zero byte before a byte < 0x80 is "illegal padding": 1 certificate in 256 failed).
  const serial = randomBytes(16); serial[0] = (serial[0] & 0x3f) | 0x40;
  // A name of its own: two trusted certificates with one subject make OpenSSL try the wrong key.
  const name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from(`polardb-emulator local CA ${serial.subarray(0, 6).toString("hex")}`, "utf8")))));
  const spki = publicKey.export({ type: "spki", format: "der" });
  const altNames = seq(
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])),
    tlv(0x82, Buffer.from("localhost", "ascii")),
  );
  const extensions = tlv(0xa3, seq(
    seq(oid("2.5.29.19"), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff]))))), // basicConstraints, critical, CA:TRUE
    seq(oid("2.5.29.17"), tlv(0x04, altNames)),
    seq(oid("2.5.29.14"), tlv(0x04, tlv(0x04, createHash("sha1").update(spki).digest()))), // subjectKeyIdentifier
  ));
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, serial),
    ecdsaSha256,
    name,
    seq(utcTime(now - 86_400_000), utcTime(now + 365 * 86_400_000)),
    name,
    spki,
    extensions,
  );
  const signature = sign("sha256", tbs, privateKey);
  const cert = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.from([0]), signature));
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }) as string, cert: pem("CERTIFICATE", cert) };
}
