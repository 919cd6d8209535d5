/**
 * The public resource classes (what `pulumi-polardb` exports), generated from the specs by
 * scripts/generate-classes.ts, and the object types of their outputs: no zod type in their declarations.
 */
export * from "./cluster";
export * from "./node";
export * from "./endpoint";
export * from "./account";
export * from "./database";
export * from "./whitelist";
export * from "./endpoint-address";
export * from "./cluster-parameters";
export * from "./backup-policy";
export * from "./cluster-ssl";
export * from "./sql-collector";
export * from "./cloud-migration-task";
export * from "./backup";
export * from "./global-security-ip-group";
export * from "./own-endpoints";
export * from "./parameter-group";
export * from "./global-database-network";
export type * from "./output-types";
