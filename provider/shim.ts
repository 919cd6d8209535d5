/**
 * What Pulumi serializes into the state as `__provider`: a tiny object whose methods load the
 * INSTALLED package at run time and hand the call over. It captures the kind string and
 * nothing else — no client, no credentials, no code of ours — so it stays a few hundred bytes,
 * holds no secret, and an upgraded package fixes refresh and destroy of old stacks too
 * (Pulumi runs read/delete with the copy stored at the last create/update).
 *
 * Why createRequire(cwd): the host loads this text with require-from-string, whose module has no
 * file name, so a bare require() would search node_modules from the working directory (the
 * program's) but could not self-reference the package when the program is this repository
 * (the demo). A require function anchored at the working directory does both.
 */
import type { dynamic } from "@pulumi/pulumi";

const shims = new Map<string, dynamic.ResourceProvider>();

/** The installed package's runtime entry (see above for why not a bare require). */
function runtime(): { configure(config: unknown): Promise<void>; handle(kind: string, op: string, args: unknown[]): Promise<any> } {
  return require("module").createRequire(process.cwd() + "/")("pulumi-polardb/runtime");
}

/** One provider object per kind, so the SDK's serialization cache hits for every resource. */
export function shimProvider(kind: string): dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = {
      configure: (req) => runtime().configure(req.config),
      check: (...a) => runtime().handle(kind, "check", a),
      diff: (...a) => runtime().handle(kind, "diff", a),
      create: (...a) => runtime().handle(kind, "create", a),
      read: (...a) => runtime().handle(kind, "read", a),
      update: (...a) => runtime().handle(kind, "update", a),
      delete: (...a) => runtime().handle(kind, "delete", a),
    };
    shims.set(kind, shim);
  }
  return shim;
}
