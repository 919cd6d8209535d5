/** Debug logging for the client, with every secret redacted before a line is formed. */
const SECRET_KEY = /password|secret|token|signature|credential|authorization/i;

export function maskAccessKeyId(id: string): string {
  return id.length <= 6 ? "***" : `${id.slice(0, 3)}***${id.slice(-2)}`;
}

/** Parameters as `Name=value` pairs, secret-looking names shown as `Name=<redacted>`. */
export function redactParams(params: Record<string, string>): string {
  return Object.keys(params).sort()
    .map((k) => `${k}=${SECRET_KEY.test(k) ? "<redacted>" : truncate(params[k])}`)
    .join(" ");
}

function truncate(v: string): string {
  return v.length > 64 ? `${v.slice(0, 61)}...` : v;
}

export type Logger = (line: string) => void;

export function defaultLogger(env: NodeJS.ProcessEnv = process.env): Logger | undefined {
  return env.POLARDB_DEBUG && env.POLARDB_DEBUG !== "0" ? (line) => process.stderr.write(`[pulumi-polardb] ${line}\n`) : undefined;
}
