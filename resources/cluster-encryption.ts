/**
 * Transparent data encryption (TDE) of a cluster, with the cloud's key or the user's own KMS key,
 * as Cluster inputs named as @pulumi/alicloud's polardb.Cluster names them. Data and pure
 * functions; cluster.ts wires them into the spec.
 *
 * Today's API (SDK 9.2.1): CreateDBCluster's TDEStatus takes effect for PostgreSQL and Oracle only;
 * ModifyDBClusterTDE (TDEStatus=Enable) turns TDE on in place on every engine — MySQL included, as
 * the peer does — optionally with a custom key (EncryptionKey, RoleArn), MySQL's EncryptNewTables
 * and PostgreSQL/Oracle's EnableAutomaticRotation. Read back with DescribeDBClusterTDE.
 * TDE cannot be turned off, and the key it encrypts with cannot change: preview refuses both.
 */
import { z } from "zod";
import type { Props } from "../provider/spec";

const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._-]+$/;
/** A KMS key id (`0275bd3f-…`, `key-hzz6…`) or an alias (`alias/…`). */
const KEY_ID = /^(alias\/[A-Za-z0-9_/-]+|[A-Za-z0-9][A-Za-z0-9-]{7,127})$/;

export const encryptionInputs = {
  /**
   * Transparent data encryption. On at creation (PostgreSQL/Oracle: CreateDBCluster TDEStatus; MySQL: ModifyDBClusterTDE right after
   * creation) or later in place (ModifyDBClusterTDE, the cluster shows TDEModifying until done). Irreversible: once on, preview refuses
   * turning it off. @pulumi/alicloud's `"Enabled"`/`"Disabled"` are accepted.
   */
  tdeStatus: z.boolean().optional(),
  /** With tdeStatus: encrypt with this KMS key of yours (its id) instead of the cloud's. Set when TDE is turned on; it cannot change afterwards. */
  encryptionKey: z.string().regex(KEY_ID, 'a KMS key id such as "0275bd3f-…" or "key-hzz6…"').optional(),
  /** With encryptionKey: the RAM role PolarDB uses to reach the key, `acs:ram::<account>:role/<name>` (default: aliyunrdsinstanceencryptiondefaultrole). Sent when TDE is turned on. */
  roleArn: z.string().regex(ROLE_ARN, 'a RAM role ARN such as "acs:ram::1406926…:role/aliyunrdsinstanceencryptiondefaultrole"').optional(),
  /** MySQL 8.0 with tdeStatus: encrypt every new table automatically, `"ON"` or `"OFF"`. Changes in place (ModifyDBClusterTDE). */
  encryptNewTables: z.enum(["ON", "OFF"], 'must be "ON" or "OFF"').optional(),
  /** PostgreSQL/Oracle with encryptionKey: rotate the TDE key in the next maintenance window after KMS makes a new key version. Changes in place. */
  enableAutomaticRotation: z.boolean().optional(),
};

type Encryption = { [K in keyof typeof encryptionInputs]?: z.output<(typeof encryptionInputs)[K]> };
type Issue = { path: string; message: string };

/** The API reference's rules between the TDE settings, the engine and version: each names the field. */
export function encryptionProblems(c: Encryption & { dbType: string; dbVersion: string }): Issue[] {
  const out: Issue[] = [];
  const on = c.tdeStatus === true;
  const settings = (["encryptionKey", "roleArn", "encryptNewTables", "enableAutomaticRotation"] as const).filter((f) => c[f] !== undefined);
  if (settings.length && c.tdeStatus === false) {
    // Most likely TDE is being turned off with its settings left in place: say what matters first.
    out.push({ path: "tdeStatus", message: `is false while ${settings.join(", ")} ${settings.length > 1 ? "are" : "is"} set. TDE cannot be turned off once it is on (irreversible); `
      + "keep tdeStatus: true, or, for a cluster without TDE, remove those settings" });
  } else if (!on) {
    for (const f of settings) out.push({ path: f, message: "applies with tdeStatus: true only (it is a setting of transparent data encryption)" });
  }
  if (c.encryptNewTables !== undefined && !(c.dbType === "MySQL" && c.dbVersion === "8.0")) {
    out.push({ path: "encryptNewTables", message: `is a MySQL 8.0 setting (ModifyDBClusterTDE EncryptNewTables); a ${c.dbType} ${c.dbVersion} cluster does not take it` });
  }
  if (c.enableAutomaticRotation !== undefined && c.dbType === "MySQL") {
    out.push({ path: "enableAutomaticRotation", message: "is a PostgreSQL/Oracle setting (ModifyDBClusterTDE EnableAutomaticRotation); a MySQL cluster does not take it" });
  }
  if (c.enableAutomaticRotation !== undefined && c.encryptionKey === undefined) {
    out.push({ path: "enableAutomaticRotation", message: "rotates a custom key only: set encryptionKey too" });
  }
  if (c.roleArn !== undefined && c.encryptionKey === undefined) out.push({ path: "roleArn", message: "is the role that reaches a custom key: set encryptionKey too" });
  return out;
}

/**
 * CreateDBCluster's TDEStatus: PostgreSQL/Oracle with the cloud's key. MySQL (where it has no effect)
 * and a custom key (which CreateDBCluster cannot take) are turned on by ModifyDBClusterTDE right after creation.
 */
export function encryptionCreateParams(i: Encryption & { dbType: string }): Record<string, unknown> {
  return { TDEStatus: i.tdeStatus === true && i.dbType !== "MySQL" && i.encryptionKey === undefined ? true : undefined };
}

/** What preview refuses outright: TDE going back off, and the key (or its role) changing once TDE is on. */
export function encryptionForbidden(olds: Props, news: Props): Array<{ field: string; problem: string }> {
  if (olds.tdeStatus !== true) return [];
  if (news.tdeStatus !== true) {
    return [{ field: "tdeStatus", problem: "TDE cannot be turned off once it is on (the API reference: it is irreversible); keep tdeStatus: true. Nothing was changed." }];
  }
  return (["encryptionKey", "roleArn"] as const)
    .filter((f) => news[f] !== undefined && news[f] !== olds[f])
    .map((f) => ({ field: f, problem: `cannot change once TDE is on (the data stays encrypted with the key chosen when TDE was turned on; ModifyDBClusterTDE only turns TDE on); `
      + `${olds[f] === undefined ? `remove ${f}` : `keep ${f}: ${JSON.stringify(olds[f])}`}. Nothing was changed.` }));
}

/** ModifyDBClusterTDE: turns TDE on (with the key when it is turned on), or changes its settings once it is on. */
export const encryptionUpdate = {
  fields: ["tdeStatus", "encryptionKey", "roleArn", "encryptNewTables", "enableAutomaticRotation"],
  action: "ModifyDBClusterTDE",
  // `olds` is the live state: the key and role go with the call that turns TDE on, not later.
  params: (n: Props, o: Props) => ({
    TDEStatus: "Enable",
    ...(o.tdeStatus === true ? {} : { EncryptionKey: n.encryptionKey, RoleArn: n.roleArn }),
    EncryptNewTables: n.encryptNewTables,
    EnableAutomaticRotation: n.enableAutomaticRotation === undefined ? undefined : String(n.enableAutomaticRotation),
  }),
} as const;

const looseText = z.union([z.string(), z.number()]).transform(String);
export const tdeResponse = z.looseObject({
  TDEStatus: z.string().nullish(), EncryptionKey: z.string().nullish(), EncryptNewTables: z.string().nullish(),
  AutomaticRotation: z.string().nullish(), EncryptionKeyStatus: z.string().nullish(), TDERegion: z.string().nullish(), RotationInterval: looseText.nullish(),
});

/** DescribeDBClusterTDE as outputs. roleArn is not returned (kept from the program). */
export function encryptionOutputs(r: z.output<typeof tdeResponse>): Props {
  return {
    tdeStatus: r.TDEStatus ? r.TDEStatus === "Enabled" : undefined,
    encryptionKey: r.EncryptionKey || undefined,
    encryptNewTables: r.EncryptNewTables || undefined,
    enableAutomaticRotation: r.AutomaticRotation ? r.AutomaticRotation === "Enabled" : undefined,
  };
}

export const encryptionEnrich = { action: "DescribeDBClusterTDE", response: tdeResponse, outputs: (r: z.output<typeof tdeResponse>) => encryptionOutputs(r) };

/** Preview's note on a change: turning TDE on is for good. */
export function encryptionNote(olds: Props, news: Props, changed: readonly string[]): string {
  return changed.includes("tdeStatus") && news.tdeStatus === true && olds.tdeStatus !== true
    ? `tdeStatus: TDE is turned on now${news.encryptionKey ? ` with KMS key ${String(news.encryptionKey)}` : " with the cloud's key"} (ModifyDBClusterTDE; the cluster shows TDEModifying for minutes) and can never be turned off`
    : "";
}

/** How each change is carried out, for the generated docs. */
export const encryptionChangeDocs = {
  tdeStatus: "on in place (`ModifyDBClusterTDE`; MySQL, or a custom key, right after creation); off is refused in preview (irreversible)",
  encryptionKey: "sent with the `ModifyDBClusterTDE` that turns TDE on; a change afterwards is refused in preview",
  roleArn: "sent with the `ModifyDBClusterTDE` that turns TDE on (not read back); a change afterwards is refused in preview",
} as const;

/** @pulumi/alicloud's tdeStatus spelling. */
export const encryptionAliases = { tdeStatus: { Enabled: true, Disabled: false } };
