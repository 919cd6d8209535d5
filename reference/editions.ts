/**
 * Which editions (CreateDBCluster's CreationCategory) each engine version is sold in, as the
 * official Python SDK 9.2.1 documents CreationCategory; one table for preview and the emulator.
 * The cloud changes no edition in place (SDK 9.2.1 has no such action; the Terraform provider
 * marks creation_category ForceNew): a change replaces the cluster.
 */
import type { Category } from "./catalogue";

export const EDITIONS: readonly Category[] = ["Normal", "Basic", "ArchiveNormal", "NormalMultimaster", "SENormal"];

/** Engine → versions, per edition beyond Normal (which every version has). */
const SOLD: Record<Exclude<Category, "Normal">, Record<string, readonly string[]>> = {
  Basic: { MySQL: ["5.6", "5.7", "8.0"], PostgreSQL: ["14"], Oracle: ["14"] },
  ArchiveNormal: { MySQL: ["8.0"] },
  NormalMultimaster: { MySQL: ["8.0"] },
  SENormal: { MySQL: ["5.6", "5.7", "8.0"], PostgreSQL: ["14"] },
};

const NAMES: Record<Category, string> = {
  Normal: "Normal (Cluster Edition)", Basic: "Basic (Single Node)", ArchiveNormal: "ArchiveNormal (X-Engine)",
  NormalMultimaster: "NormalMultimaster (Multi-master Cluster)", SENormal: "SENormal (Standard Edition)",
};

export function editionSold(category: string, dbType: string, dbVersion: string): boolean {
  if (category === "Normal") return true;
  const sold = SOLD[category as keyof typeof SOLD];
  return sold !== undefined && (sold[dbType] ?? []).includes(dbVersion);
}

/** Why an edition is not sold for this engine version (naming where it is), or undefined. */
export function editionProblem(category: string, dbType: string, dbVersion: string): string | undefined {
  if (editionSold(category, dbType, dbVersion)) return undefined;
  const sold = SOLD[category as keyof typeof SOLD] ?? {};
  const where = Object.entries(sold).map(([engine, versions]) => `${engine} ${versions.join("/")}`).join(", ");
  const [first, ...others] = Object.keys(sold);
  return `${NAMES[category as Category] ?? category} is a ${first} edition${others.length ? ` (also ${others.join(", ")})` : ""}: sold for ${where}, not ${dbType} ${dbVersion}`;
}

/** DescribeDBClusterAttribute's Category as CreationCategory spells it (X-Engine reads "Archive"). */
export function editionOf(category: string | null | undefined): string | undefined {
  if (!category) return undefined;
  return category === "Archive" ? "ArchiveNormal" : category;
}
