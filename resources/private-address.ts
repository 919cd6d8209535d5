/**
 * An endpoint's private (VPC) address: its connection-string prefix and port, changed in place with
 * ModifyDBEndpointAddress (NetType Private) and read from DescribeDBClusterEndpoints' AddressItems.
 * Shared by Endpoint, ClusterEndpoint and PrimaryEndpoint (@pulumi/alicloud's connection_prefix and
 * port on those resources). The address itself comes with the endpoint: nothing here creates or
 * deletes it. Every change passes through the cluster status NetAddressModifying.
 */
import { z } from "zod";
import type { Props, UpdateGroup } from "../provider/spec";
import { PREFIX, PREFIX_RULE } from "./endpoint-address";

export const privateAddressInputs = {
  /** The private address's prefix: the address becomes `<prefix>.<region>.<domain>`. 6–30 characters: lower-case letters, digits and -, a letter first, a letter or digit last. Default (cloud): derived from the cluster and endpoint ids. */
  connectionPrefix: z.string().regex(PREFIX, PREFIX_RULE).optional(),
  /** The private address's port, 3000–5999 (a number or its digits). PolarDB MySQL only: the cloud refuses it for PostgreSQL and Oracle. Default (cloud): 3306. */
  port: z.union([z.number(), z.string().regex(/^\d+$/, "must be a port number such as 3307")]).transform(String)
    .refine((p) => Number.isInteger(Number(p)) && Number(p) >= 3000 && Number(p) <= 5999, "must be a port in 3000–5999 (PolarDB MySQL only)").optional(),
};

export const PRIVATE_ADDRESS_FIELDS = ["connectionPrefix", "port"] as const;

/** A port compares by its digits (3307 and "3307" are the same port). */
export const normalisePort = (v: unknown): unknown => (typeof v === "number" ? String(v) : v);

/** The private address of a DescribeDBClusterEndpoints row, as outputs. */
export function privateAddressOutputs(addresses: ReadonlyArray<{ NetType?: string | null; ConnectionString?: string | null; Port?: string | null }>): Props {
  const a = addresses.find((x) => x.NetType === "Private");
  if (!a) return {};
  return {
    connectionPrefix: a.ConnectionString ? a.ConnectionString.split(".")[0] : undefined,
    port: a.Port === undefined || a.Port === null || a.Port === "" ? undefined : String(a.Port),
  };
}

/**
 * The update group: only what differs from the live address is sent (the cloud refuses a call that
 * changes nothing: InvalidConnectionString.Duplicate).
 */
export const privateAddressUpdate: UpdateGroup<any> = {
  fields: PRIVATE_ADDRESS_FIELDS,
  action: "ModifyDBEndpointAddress",
  params: (n, o) => ({
    NetType: "Private",
    ConnectionStringPrefix: n.connectionPrefix !== undefined && n.connectionPrefix !== o.connectionPrefix ? n.connectionPrefix : undefined,
    Port: n.port !== undefined && String(n.port) !== String(o.port) ? String(n.port) : undefined,
  }),
};
