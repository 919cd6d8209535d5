/**
 * Region → API host, from the API reference's endpoint table (seed 003 §4.2), per product;
 * overridable per product (explicit option, stack config, or environment variable).
 */
import { ApiError, CLIENT_CODES } from "./errors";

export type ProductName = "polardb" | "rds" | "sts" | "kms";

const CENTRAL_POLARDB = ["cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-beijing", "cn-shenzhen", "cn-hongkong", "ap-southeast-1", "us-west-1", "us-east-1"];
const REGIONAL_POLARDB = ["cn-huhehaote", "cn-zhangjiakou", "cn-chengdu", "eu-central-1", "ap-southeast-3", "ap-south-1", "ap-southeast-5", "ap-northeast-1", "eu-west-1", "ap-southeast-2"];

/** The RDS API uses one central host for the same central regions and `rds.<region>` elsewhere. */
const HOSTS: Record<"polardb" | "rds", Record<string, string>> = {
  polardb: Object.fromEntries([
    ...CENTRAL_POLARDB.map((r) => [r, "polardb.aliyuncs.com"]),
    ...REGIONAL_POLARDB.map((r) => [r, `polardb.${r}.aliyuncs.com`]),
  ]),
  rds: Object.fromEntries([
    ...CENTRAL_POLARDB.map((r) => [r, "rds.aliyuncs.com"]),
    ...REGIONAL_POLARDB.map((r) => [r, `rds.${r}.aliyuncs.com`]),
  ]),
};

export const ENDPOINT_ENV: Record<ProductName, string> = {
  polardb: "ALIBABA_CLOUD_POLARDB_ENDPOINT",
  rds: "ALIBABA_CLOUD_RDS_ENDPOINT",
  sts: "ALIBABA_CLOUD_STS_ENDPOINT",
  kms: "ALIBABA_CLOUD_KMS_ENDPOINT",
};

/** The stack config key that overrides a product's endpoint. */
const CONFIG_KEY: Record<ProductName, string> = { polardb: "endpoint", rds: "rdsEndpoint", sts: "stsEndpoint", kms: "kmsEndpoint" };

export function knownRegions(product: "polardb" | "rds" = "polardb"): string[] {
  return Object.keys(HOSTS[product]);
}

/** A full base URL (scheme://host[:port]) for the product in the region. */
export function resolveEndpoint(product: ProductName, regionId: string, override?: string, env: NodeJS.ProcessEnv = process.env, action = ""): string {
  const chosen = override || env[ENDPOINT_ENV[product]];
  if (chosen) return normaliseUrl(chosen, product, action);
  // STS: the central host, or the region's when ALIBABA_CLOUD_STS_REGION names one (the official chain's rule).
  if (product === "sts") return `https://${env.ALIBABA_CLOUD_STS_REGION ? `sts.${env.ALIBABA_CLOUD_STS_REGION}` : "sts"}.aliyuncs.com`;
  // KMS is regional everywhere: kms.<region>.aliyuncs.com (the public shared gateway).
  if (product === "kms" && /^[a-z]{2,}-[a-z0-9-]+$/.test(regionId)) return `https://kms.${regionId}.aliyuncs.com`;
  const host = product === "kms" ? undefined : HOSTS[product][regionId];
  if (!host) {
    throw new ApiError({
      action, code: CLIENT_CODES.unknownRegion,
      message: `no ${product} endpoint is known for region "${regionId}"${product === "kms" ? "" : ` (known: ${knownRegions(product).join(", ")})`}`,
      hint: `Set the endpoint explicitly: the client option \`endpoint\`, stack config \`polardb:${CONFIG_KEY[product]}\`, or ${ENDPOINT_ENV[product]}=https://… .`,
    });
  }
  return `https://${host}`;
}

function normaliseUrl(raw: string, product: ProductName, action: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ApiError({ action, code: CLIENT_CODES.invalidParameter, message: `the ${product} endpoint "${raw}" is not a URL`, hint: "Give a full URL such as http://127.0.0.1:8080." });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ApiError({ action, code: CLIENT_CODES.invalidParameter, message: `the ${product} endpoint "${raw}" must use http or https`, hint: "Give a full URL such as http://127.0.0.1:8080." });
  }
  return `${url.protocol}//${url.host}`;
}
