/**
 * The type tokens of this package's resources on its two faces: the provider plugin's
 * (`polardb:index:Cluster`, the schema's) and the dynamic classes' (`pulumi-nodejs:dynamic/polardb:Cluster`,
 * which Pulumi makes from the dynamic resource's module and name). The plugin's schema lists the
 * second as an alias of the first; drift reads stacks of either.
 */
export const PLUGIN_PREFIX = "polardb:index:";
export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/polardb:";

export const pluginToken = (kind: string) => `${PLUGIN_PREFIX}${kind}`;
export const dynamicToken = (kind: string) => `${DYNAMIC_PREFIX}${kind}`;

/** The resource kind of either face's token (`polardb:index:Cluster` → Cluster), else undefined. */
export function kindOfToken(type: string): string | undefined {
  const prefix = [PLUGIN_PREFIX, DYNAMIC_PREFIX].find((p) => type.startsWith(p));
  return prefix ? type.slice(prefix.length) : undefined;
}
