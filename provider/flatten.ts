/**
 * Turns structured request parameters into the RPC wire form: arrays become `Name.1`, `Name.2`…,
 * objects `Name.Field`, recursively (`DBNode.1.TargetClass`, `Tag.2.Value`); numbers and booleans
 * their text; undefined/null are skipped; "" is kept. Anything that has no wire form is an error
 * naming the parameter, raised before a request is sent.
 */
export class UnserializableParameterError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`parameter ${path} cannot be sent: ${reason}`);
  }
}

export function flattenParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<object>();
  const visit = (path: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    switch (typeof value) {
      case "string": out[path] = value; return;
      case "boolean": out[path] = String(value); return;
      case "number":
        if (!Number.isFinite(value)) throw new UnserializableParameterError(path, `${value} is not a finite number`);
        out[path] = String(value); return;
      case "bigint": out[path] = value.toString(); return;
      case "object": {
        if (value instanceof Date) { out[path] = value.toISOString().replace(/\.\d{3}Z$/, "Z"); return; }
        if (seen.has(value)) throw new UnserializableParameterError(path, "it refers to itself (circular)");
        seen.add(value);
        if (Array.isArray(value)) value.forEach((v, i) => visit(`${path}.${i + 1}`, v));
        else for (const [k, v] of Object.entries(value)) visit(`${path}.${k}`, v);
        seen.delete(value);
        return;
      }
      default:
        throw new UnserializableParameterError(path, `a ${typeof value} has no wire form`);
    }
  };
  for (const [k, v] of Object.entries(params)) visit(k, v);
  return out;
}
