/**
 * Storage as Cluster inputs, named as @pulumi/alicloud's polardb.Cluster names them (burstingEnabled
 * as the API names it: the peer has no such argument). Two families (SDK 9.2.1 CreateDBCluster
 * StorageType): PSL5 / PSL4 for Enterprise Edition (creationCategory Normal, Basic, ArchiveNormal),
 * ESSD cloud disks (ESSDPL0–3, ESSDAUTOPL) for Standard Edition (creationCategory SENormal: MySQL
 * 5.7 / 8.0, PostgreSQL 14). In place: storageType within its family and provisionedIops /
 * burstingEnabled (ModifyDBClusterStoragePerformance), storageSpace growth
 * (ModifyDBClusterStorageSpace; it never shrinks), compressStorage on (ModifyDBCluster, MySQL PSL4,
 * never back off). storagePayType replaces (the peer: ForceNew). Read back from DescribeDBClusterAttribute.
 */
import { z } from "zod";
import type { Props } from "../provider/spec";

export const STORAGE_TYPES = ["PSL5", "PSL4", "ESSDPL0", "ESSDPL1", "ESSDPL2", "ESSDPL3", "ESSDAUTOPL"] as const;
const ENTERPRISE = new Set(["PSL5", "PSL4"]);
/** DescribeDBClusterAttribute's spellings (the peer maps them so): HighPerformance, Standard, essdpl1 … */
const READ_SPELLING: Record<string, string> = { highperformance: "PSL5", standard: "PSL4" };
/** For ModifyType: higher is faster. */
const RANK: Record<string, number> = { PSL4: 1, PSL5: 2, ESSDPL0: 1, ESSDPL1: 2, ESSDAUTOPL: 2.5, ESSDPL2: 3, ESSDPL3: 4 };

export const storageInputs = {
  /**
   * `"PSL5"` / `"PSL4"` (Enterprise Edition) or an ESSD cloud disk `"ESSDPL0"`–`"ESSDPL3"`, `"ESSDAUTOPL"` (Standard Edition, creationCategory
   * `"SENormal"`). Within its family a change is made in place (ModifyDBClusterStoragePerformance); default: the cloud's (PSL5).
   */
  storageType: z.enum(STORAGE_TYPES, `must be one of ${STORAGE_TYPES.map((t) => `"${t}"`).join(", ")}`).optional(),
  /**
   * Storage bought by space, in GB: Standard Edition (ESSD) 20–64000 (ESSDAUTOPL 40–64000 in steps of 10); Enterprise Edition 10–50000
   * with storagePayType Prepaid. Grows in place (ModifyDBClusterStorageSpace); it cannot shrink.
   */
  storageSpace: z.number({ error: "a whole number of GB" }).int("a whole number of GB").min(10, "at least 10 GB").max(64000, "at most 64000 GB").optional(),
  /** How storage is billed: `"Postpaid"` (by the capacity used) or `"Prepaid"` (by space: storageSpace; needs payType Prepaid). Fixed at creation. */
  storagePayType: z.enum(["Postpaid", "Prepaid"], 'must be "Postpaid" or "Prepaid"').optional(),
  /** ESSDAUTOPL: provisioned read/write IOPS beyond the baseline, 0 to min{50000, 1000 × storageSpace − baseline}, baseline = min{1800 + 50 × storageSpace, 50000}. In place. */
  provisionedIops: z.number({ error: "a whole number of IOPS" }).int("a whole number of IOPS").min(0, "at least 0").max(50000, "at most 50000").optional(),
  /** ESSDAUTOPL: I/O performance burst. In place (ModifyDBClusterStoragePerformance). */
  burstingEnabled: z.boolean().optional(),
  /** MySQL on PSL4: `"ON"` compresses the storage (ModifyDBCluster CompressStorage). It cannot be turned off again. */
  compressStorage: z.enum(["ON", "OFF"], 'must be "ON" or "OFF"').optional(),
};

type Storage = { [K in keyof typeof storageInputs]?: z.output<(typeof storageInputs)[K]> };
type Issue = { path: string; message: string };

const isEssd = (t: string | undefined) => t !== undefined && !ENTERPRISE.has(t);

/** The IOPS an ESSD AutoPL disk of `gb` may provision on top of its baseline. */
export function maxProvisionedIops(gb: number): number {
  const baseline = Math.min(1800 + 50 * gb, 50000);
  return Math.max(0, Math.min(50000, 1000 * gb - baseline));
}

/** The SDK's rules (CreateDBCluster, ModifyDBClusterStorage*), each naming its field. */
// Which engine versions an edition (creationCategory SENormal) is sold for is the edition rules' job (cluster-options.ts).
export function storageProblems(c: Storage & { dbType: string; dbVersion: string; payType?: string; creationCategory?: string }): Issue[] {
  const out: Issue[] = [];
  const standard = c.creationCategory === "SENormal";
  const t = c.storageType;
  if (t && standard && !isEssd(t)) out.push({ path: "storageType", message: "Standard Edition (creationCategory SENormal) stores on ESSD disks: ESSDPL0–ESSDPL3 or ESSDAUTOPL" });
  if (t && !standard && isEssd(t)) out.push({ path: "storageType", message: `${t} is Standard Edition storage: set creationCategory "SENormal" (MySQL 5.7/8.0, PostgreSQL 14), or use PSL5 / PSL4` });
  if (c.storageSpace !== undefined) {
    const gb = c.storageSpace;
    if (standard && t === "ESSDAUTOPL" && (gb < 40 || gb % 10 !== 0)) out.push({ path: "storageSpace", message: "ESSDAUTOPL: 40 to 64000 GB in steps of 10 (40, 50, 60 …)" });
    else if (standard && gb < 20) out.push({ path: "storageSpace", message: "Standard Edition: 20 to 64000 GB" });
    if (!standard && gb > 50000) out.push({ path: "storageSpace", message: "Enterprise Edition: 10 to 50000 GB" });
    if (!standard && c.storagePayType !== "Prepaid") out.push({ path: "storageSpace", message: "Enterprise Edition storage billed by use grows by itself: storageSpace applies with storagePayType Prepaid (billed by space)" });
  }
  if (c.storagePayType === "Prepaid" && c.payType !== "Prepaid") out.push({ path: "storagePayType", message: "Prepaid storage (billed by space) needs a subscription cluster: payType Prepaid" });
  if (c.storagePayType === "Prepaid" && c.storageSpace === undefined) out.push({ path: "storageSpace", message: "is required with storagePayType Prepaid (the space bought, GB)" });
  for (const f of ["provisionedIops", "burstingEnabled"] as const) {
    if (c[f] !== undefined && t !== "ESSDAUTOPL") out.push({ path: f, message: 'applies to storageType "ESSDAUTOPL" only' });
  }
  if (c.provisionedIops !== undefined && t === "ESSDAUTOPL" && c.storageSpace !== undefined && c.provisionedIops > maxProvisionedIops(c.storageSpace)) {
    out.push({ path: "provisionedIops", message: `at most ${maxProvisionedIops(c.storageSpace)} for ${c.storageSpace} GB (min{50000, 1000 × storageSpace − baseline}, baseline min{1800 + 50 × storageSpace, 50000})` });
  }
  if (c.compressStorage === "ON" && !(c.dbType === "MySQL" && t === "PSL4")) out.push({ path: "compressStorage", message: 'storage compression is for MySQL clusters with storageType "PSL4"' });
  return out;
}

/** CreateDBCluster's storage parameters. */
export function storageCreateParams(i: Storage): Record<string, unknown> {
  return {
    StorageType: i.storageType, StorageSpace: i.storageSpace, StoragePayType: i.storagePayType, ProvisionedIops: i.provisionedIops,
    BurstingEnabled: i.burstingEnabled === undefined ? undefined : String(i.burstingEnabled),
  };
}

export const storageUpdates = [
  {
    // The type within its family, and an AutoPL disk's IOPS and burst: one call.
    fields: ["storageType", "provisionedIops", "burstingEnabled"],
    action: "ModifyDBClusterStoragePerformance", clientToken: true,
    params: (n: Props, o: Props) => {
      const type = String(n.storageType ?? o.storageType ?? "");
      const from = typeof o.storageType === "string" ? o.storageType : undefined;
      const autopl = type === "ESSDAUTOPL";
      return {
        StorageType: type || undefined,
        ModifyType: from && from !== type ? ((RANK[type] ?? 0) < (RANK[from] ?? 0) ? "Downgrade" : "Upgrade") : undefined,
        ProvisionedIops: autopl ? n.provisionedIops : undefined,
        BurstingEnabled: autopl && n.burstingEnabled !== undefined ? String(n.burstingEnabled) : undefined,
      };
    },
  },
  { fields: ["storageSpace"], action: "ModifyDBClusterStorageSpace", clientToken: true, params: (n: Props) => ({ StorageSpace: n.storageSpace }) },
  { fields: ["compressStorage"], action: "ModifyDBCluster", params: (n: Props) => ({ CompressStorage: n.compressStorage }) },
] as const;

/** Changes the cloud cannot make, refused in preview. */
export function storageForbidden(olds: Props, news: Props): Array<{ field: string; problem: string }> {
  const out: Array<{ field: string; problem: string }> = [];
  if (typeof olds.storageSpace === "number" && typeof news.storageSpace === "number" && news.storageSpace < olds.storageSpace) {
    out.push({ field: "storageSpace", problem: `storage does not shrink (ModifyDBClusterStorageSpace grows it): the cluster has ${olds.storageSpace} GB; keep ${olds.storageSpace} or more. Nothing was changed.` });
  }
  if (olds.compressStorage === "ON" && news.compressStorage === "OFF") out.push({ field: "compressStorage", problem: "storage compression cannot be turned off once on (ModifyDBCluster takes CompressStorage ON only); keep \"ON\". Nothing was changed." });
  const a = typeof olds.storageType === "string" ? olds.storageType : undefined, b = typeof news.storageType === "string" ? news.storageType : undefined;
  if (a && b && isEssd(a) !== isEssd(b)) out.push({ field: "storageType", problem: `${a} → ${b} crosses editions (PSL ↔ ESSD), which ModifyDBClusterStoragePerformance cannot do; only a new cluster can (change creationCategory too).` });
  return out;
}

const GB = 1024 ** 3;

/** DescribeDBClusterAttribute's storage fields as outputs. */
export function storageOutputs(a: Record<string, unknown>): Props {
  const type = typeof a.StorageType === "string" && a.StorageType !== "" ? READ_SPELLING[a.StorageType.toLowerCase()] ?? a.StorageType.toUpperCase() : undefined;
  const bytes = Number(a.StorageSpace);
  const iops = Number(a.ProvisionedIops);
  const flag = (v: unknown) => (v === undefined || v === null || v === "" ? undefined : String(v).toLowerCase() === "true");
  const compress = typeof a.CompressStorageMode === "string" && a.CompressStorageMode !== "" ? a.CompressStorageMode.toUpperCase() : undefined;
  return {
    storageType: type,
    storageSpace: Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes / GB) : undefined,
    storagePayType: a.StoragePayType === "Prepaid" || a.StoragePayType === "Postpaid" ? a.StoragePayType : undefined,
    provisionedIops: type === "ESSDAUTOPL" && Number.isFinite(iops) && a.ProvisionedIops !== "" && a.ProvisionedIops !== null ? iops : undefined,
    burstingEnabled: type === "ESSDAUTOPL" ? flag(a.BurstingEnabled) : undefined,
    compressStorage: compress === "ON" || compress === "OFF" ? compress : undefined,
  };
}

export const storageValueAliases = { storagePayType: { PostPaid: "Postpaid", PrePaid: "Prepaid" } };

export const storageChangeDocs = {
  storageType: "in place within its family (`ModifyDBClusterStoragePerformance`, ModifyType Upgrade/Downgrade); PSL ↔ ESSD is refused",
  storageSpace: "in place, growth only (`ModifyDBClusterStorageSpace`); a smaller value is refused",
  compressStorage: "in place, on only (`ModifyDBCluster` `CompressStorage`)",
};
