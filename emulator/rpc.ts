/**
 * The wire side of the RPC protocol: reading every request layout the official SDKs send
 * (GET query; POST form body, chunked or not; POST with everything in the query and no body;
 * ACS3 with the action only in x-acs-action) and writing JSON or XML answers.
 */
import type { IncomingMessage } from "node:http";
import { codes } from "./codes";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ParsedRequest {
  method: string;
  path: string;
  /** Decoded query parameters (in wire order). */
  query: Record<string, string>;
  /** Decoded form-body parameters. */
  form: Record<string, string>;
  rawQuery: string;
  rawBody: Buffer;
  headers: Record<string, string>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw codes.bodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Strict decoding: a malformed percent-escape is the client's error, never our crash. */
export function decodeForm(raw: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split("&")) {
    if (!pair) continue;
    const i = pair.indexOf("=");
    const k = i < 0 ? pair : pair.slice(0, i);
    const v = i < 0 ? "" : pair.slice(i + 1);
    try {
      out[decodeURIComponent(k.replace(/\+/g, " "))] = decodeURIComponent(v.replace(/\+/g, " "));
    } catch {
      throw codes.invalidParameter(what);
    }
  }
  return out;
}

export function parseRequest(req: IncomingMessage, body: Buffer): ParsedRequest {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? "" : url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
  const contentType = headers["content-type"] ?? "";
  // Bodies are form-encoded whatever their content-type says (rpc-client sends chunked forms).
  const text = body.toString("utf8");
  const isForm = body.length > 0 && (contentType.includes("x-www-form-urlencoded") || contentType === "" || /^[^{<]/.test(text));
  return {
    method: (req.method ?? "GET").toUpperCase(), path, rawQuery, rawBody: body, headers,
    query: decodeForm(rawQuery, "query"),
    form: isForm ? decodeForm(text, "body") : {},
  };
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join("");
  if (value !== null && typeof value === "object") {
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(k, v)).join("")}</${name}>`;
  }
  return `<${name}>${xmlEscape(value === undefined || value === null ? "" : String(value))}</${name}>`;
}

export function serialize(body: Record<string, unknown>, format: "JSON" | "XML", root: string): { contentType: string; text: string } {
  if (format === "XML") return { contentType: "text/xml;charset=utf-8", text: `<?xml version="1.0" encoding="UTF-8"?>${toXml(root, body)}` };
  return { contentType: "application/json;charset=utf-8", text: JSON.stringify(body) };
}
