/**
 * Which settings a provider instance runs with. The default provider (no explicit provider in the
 * program) stands for the stack's `polardb:*` config; an explicit provider stands for its own
 * arguments. Without the program (plain `pulumi refresh`, `pulumi destroy`) the engine configures
 * the default provider from the inputs recorded by the last `up`, but starts the plugin with the
 * stack's config as it is NOW in `PULUMI_CONFIG` (decrypted, namespace stripped; pkg/v3 host.go
 * `Provider`): that is what a default provider uses, so a rotated key takes effect at once.
 */
import type { Props } from "../spec";

/** sdk/go/common/resource/providers IsDefaultProvider: the name is `default` or `default_<version>`. */
export function isDefaultProvider(urn: string | undefined): boolean {
  if (!urn) return false;
  const [, , type, name] = urn.split("::");
  return (type ?? "").endsWith("pulumi:providers:polardb") && (name === "default" || (name ?? "").startsWith("default_"));
}

/** The stack's current `polardb:*` config the engine gave this process, or undefined. */
export function currentStackConfig(env: NodeJS.ProcessEnv = process.env): Props | undefined {
  const text = env.PULUMI_CONFIG;
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed as Props : undefined;
  } catch {
    return undefined;
  }
}

/** Configure's arguments, or for the default provider the stack config as it is now. */
export function effectiveSettings(args: Props, urn: string | undefined, env: NodeJS.ProcessEnv = process.env): Props {
  const now = isDefaultProvider(urn) ? currentStackConfig(env) : undefined;
  return now ?? args;
}
