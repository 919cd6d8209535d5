/**
 * Serverless as Cluster inputs, named as @pulumi/alicloud's polardb.Cluster names them. Two kinds
 * (SDK 9.2.1 DescribeDBClusterAttribute ServerlessType):
 *   - AgileServerless: a serverless cluster, born so (CreateDBCluster ServerlessType with a
 *     `polar.<engine>.sl.small[.c]` class, pay-as-you-go); it cannot become provisioned, nor a
 *     provisioned cluster agile: a change replaces the cluster.
 *   - SteadyServerless: a provisioned cluster whose nodes also scale, switched on and off in place
 *     (EnableDBClusterServerless / DisableDBClusterServerless, peer `serverless_steady_switch`).
 * The ranges, no-activity suspension and scaling rules change in place (ModifyDBClusterServerlessConf)
 * and are read back from DescribeDBClusterServerlessConf. PCUs are whole numbers (SDK: "1 PCU to 32
 * PCU"; the peer validates integers). Data and pure functions; cluster.ts wires them into the spec.
 */
import { z } from "zod";
import type { ApiCall, Props } from "../provider/spec";
import { looseString } from "../provider/spec";

export const SERVERLESS_TYPES = ["AgileServerless", "SteadyServerless"] as const;
const int = (min: number, max: number, unit = "") => z.number({ error: `a whole number from ${min} to ${max}${unit}` })
  .int(`a whole number from ${min} to ${max}${unit}`).min(min, `at least ${min}${unit}`).max(max, `at most ${max}${unit}`);

export const serverlessInputs = {
  /**
   * `"AgileServerless"`: a serverless cluster (dbNodeClass `polar.mysql.sl.small`, `polar.pg.sl.small` (PostgreSQL 14), their Standard
   * Edition `….c`, or `polar.o.sl.small`; pay-as-you-go; such a class implies it). `"SteadyServerless"`: a provisioned cluster whose nodes also scale, turned on
   * and off in place (EnableDBClusterServerless / DisableDBClusterServerless). Agile ↔ not agile replaces the cluster.
   */
  serverlessType: z.enum(SERVERLESS_TYPES, 'must be "AgileServerless" or "SteadyServerless"').optional(),
  /** SteadyServerless: `"ON"` (default) keeps steady serverless on, `"OFF"` turns it off in place (DisableDBClusterServerless). */
  serverlessSteadySwitch: z.enum(["ON", "OFF"], 'must be "ON" or "OFF"').optional(),
  /** The least compute per node, in PCUs (whole): AgileServerless 1–31, SteadyServerless 0–16. */
  scaleMin: int(0, 31, " PCU").optional(),
  /** The most compute per node, in PCUs (whole): AgileServerless 1–32, SteadyServerless 0–16; at least scaleMin. */
  scaleMax: int(0, 32, " PCU").optional(),
  /** The least number of read-only nodes the cluster scales to: 0–15 (SteadyServerless 0–7). */
  scaleRoNumMin: int(0, 15).optional(),
  /** The most read-only nodes the cluster scales to: 0–15 (SteadyServerless 0–7); at least scaleRoNumMin. */
  scaleRoNumMax: int(0, 15).optional(),
  /** The least number of column-store (IMCI) read-only nodes: 0–7. */
  scaleApRoNumMin: int(0, 7).optional(),
  /** The most column-store (IMCI) read-only nodes: 0–7; at least scaleApRoNumMin. */
  scaleApRoNumMax: int(0, 7).optional(),
  /** AgileServerless: pause the cluster when it has no activity (no-activity suspension). @pulumi/alicloud's `"true"`/`"false"` are accepted. */
  allowShutDown: z.boolean().optional(),
  /** With allowShutDown: how long without activity before the cluster pauses, in seconds, 300–86400. */
  secondsUntilAutoPause: int(300, 86400, " seconds").optional(),
  /** Elasticity sensitivity: `"normal"` (standard) or `"flexible"` (sensitive). */
  serverlessRuleMode: z.enum(["normal", "flexible"], 'must be "normal" or "flexible"').optional(),
  /** Scale up when CPU use passes this percentage: 40–100, at least 30 above serverlessRuleCpuShrinkThreshold. */
  serverlessRuleCpuEnlargeThreshold: int(40, 100, " %").optional(),
  /** Scale down when CPU use falls below this percentage: 10–100. */
  serverlessRuleCpuShrinkThreshold: int(10, 100, " %").optional(),
};

type Serverless = { [K in keyof typeof serverlessInputs]?: z.output<(typeof serverlessInputs)[K]> };
type Issue = { path: string; message: string };

/** The fields of DescribeDBClusterServerlessConf / ModifyDBClusterServerlessConf, by input. */
const CONF: ReadonlyArray<[keyof Serverless & string, string]> = [
  ["scaleMin", "ScaleMin"], ["scaleMax", "ScaleMax"], ["scaleRoNumMin", "ScaleRoNumMin"], ["scaleRoNumMax", "ScaleRoNumMax"],
  ["scaleApRoNumMin", "ScaleApRoNumMin"], ["scaleApRoNumMax", "ScaleApRoNumMax"], ["allowShutDown", "AllowShutDown"],
  ["secondsUntilAutoPause", "SecondsUntilAutoPause"], ["serverlessRuleMode", "ServerlessRuleMode"],
  ["serverlessRuleCpuEnlargeThreshold", "ServerlessRuleCpuEnlargeThreshold"], ["serverlessRuleCpuShrinkThreshold", "ServerlessRuleCpuShrinkThreshold"],
];
export const SERVERLESS_CONF_FIELDS = CONF.map(([f]) => f);
const RANGES = ["scaleMin", "scaleMax", "scaleRoNumMin", "scaleRoNumMax"] as const;

export const isServerlessClass = (cls: unknown) => typeof cls === "string" && /^polar\.[a-z]+\.sl\./.test(cls);

/** The SDK's and the peer's rules, each naming its field. */
export function serverlessProblems(c: Serverless & { dbType: string; dbVersion: string; dbNodeClass: string; payType?: string }): Issue[] {
  const out: Issue[] = [];
  // A serverless class makes an agile cluster even where serverlessType is left out.
  const type = c.serverlessType ?? (isServerlessClass(c.dbNodeClass) ? "AgileServerless" : undefined);
  const agile = type === "AgileServerless";
  const steady = type === "SteadyServerless" && c.serverlessSteadySwitch !== "OFF";
  if (!type) {
    for (const f of [...SERVERLESS_CONF_FIELDS, "serverlessSteadySwitch"] as const) {
      if (c[f] !== undefined) out.push({ path: f, message: "applies to serverless clusters only: set serverlessType" });
    }
  }
  if (agile && !isServerlessClass(c.dbNodeClass)) out.push({ path: "dbNodeClass", message: `AgileServerless needs a serverless class: "polar.${c.dbType === "MySQL" ? "mysql" : c.dbType === "PostgreSQL" ? "pg" : "o"}.sl.small" (or its Standard Edition ".c")` });
  if (!agile && isServerlessClass(c.dbNodeClass)) out.push({ path: "serverlessType", message: `must be "AgileServerless" with the serverless class ${c.dbNodeClass}` });
  // (Left out, the offer check says a serverless class is not sold Prepaid.)
  if (c.serverlessType === "AgileServerless" && c.payType === "Prepaid") out.push({ path: "payType", message: "a serverless (AgileServerless) cluster is pay-as-you-go only (Postpaid)" });
  if (agile && c.dbType === "PostgreSQL" && c.dbVersion !== "14") out.push({ path: "dbVersion", message: 'a serverless PostgreSQL cluster runs version "14" only' });
  if (c.serverlessSteadySwitch !== undefined && type !== "SteadyServerless") out.push({ path: "serverlessSteadySwitch", message: 'applies with serverlessType "SteadyServerless" only' });
  if (steady) {
    for (const f of RANGES) if (c[f] === undefined) out.push({ path: f, message: "is required with SteadyServerless (EnableDBClusterServerless takes the range)" });
  }
  if (type === "SteadyServerless") {
    for (const f of ["scaleMin", "scaleMax"] as const) if ((c[f] ?? 0) > 16) out.push({ path: f, message: "SteadyServerless: 0 to 16 PCU" });
    for (const f of ["scaleRoNumMin", "scaleRoNumMax"] as const) if ((c[f] ?? 0) > 7) out.push({ path: f, message: "SteadyServerless: 0 to 7 read-only nodes" });
    if (c.allowShutDown === true) out.push({ path: "allowShutDown", message: "no-activity suspension is for AgileServerless clusters (steady serverless nodes stay up)" });
  }
  if (agile) {
    if (c.scaleMin !== undefined && c.scaleMin < 1) out.push({ path: "scaleMin", message: "AgileServerless: 1 to 31 PCU" });
    if (c.scaleMax !== undefined && c.scaleMax < 1) out.push({ path: "scaleMax", message: "AgileServerless: 1 to 32 PCU" });
  }
  const order = (lo: keyof Serverless & string, hi: keyof Serverless & string, unit: string) => {
    const a = c[lo] as number | undefined, b = c[hi] as number | undefined;
    if (a !== undefined && b !== undefined && a > b) out.push({ path: hi, message: `must be at least ${lo} (${a}${unit})` });
  };
  order("scaleMin", "scaleMax", " PCU");
  order("scaleRoNumMin", "scaleRoNumMax", "");
  order("scaleApRoNumMin", "scaleApRoNumMax", "");
  if (c.secondsUntilAutoPause !== undefined && c.allowShutDown !== true) out.push({ path: "secondsUntilAutoPause", message: "applies with allowShutDown: true only" });
  const up = c.serverlessRuleCpuEnlargeThreshold, down = c.serverlessRuleCpuShrinkThreshold;
  if (up !== undefined && down !== undefined && up - down < 30) out.push({ path: "serverlessRuleCpuEnlargeThreshold", message: `must be at least 30 above serverlessRuleCpuShrinkThreshold (${down}): ${down + 30} or more` });
  return out;
}

/** CreateDBCluster's serverless parameters: an agile cluster's kind and range (steady serverless is switched on after creation). */
export function serverlessCreateParams(i: Serverless & { dbNodeClass: string }): Record<string, unknown> {
  if (i.serverlessType !== "AgileServerless" && !isServerlessClass(i.dbNodeClass)) return {};
  const s = (v: unknown) => (v === undefined ? undefined : String(v));
  return {
    ServerlessType: "AgileServerless", ScaleMin: s(i.scaleMin), ScaleMax: s(i.scaleMax),
    ScaleRoNumMin: s(i.scaleRoNumMin), ScaleRoNumMax: s(i.scaleRoNumMax), AllowShutDown: s(i.allowShutDown),
  };
}

/** Steady serverless is on (declared, or as the cloud shows it). */
const steadyOn = (p: Props) => p.serverlessType === "SteadyServerless" && p.serverlessSteadySwitch !== "OFF";
const confParams = (n: Props, fields: ReadonlyArray<[string, string]>) => Object.fromEntries(fields.filter(([f]) => n[f] !== undefined).map(([f, api]) => [api, String(n[f])]));

/** What EnableDBClusterServerless takes with it: the ranges (the rest goes to ModifyDBClusterServerlessConf). */
const ENABLE = CONF.filter(([f]) => f.startsWith("scale"));

/**
 * One group, so that its end is judged on all of them: steady serverless switched on (with the
 * ranges; the other settings then by ModifyDBClusterServerlessConf once the switch is done) or off;
 * otherwise the declared configuration as one ModifyDBClusterServerlessConf (the API takes it whole).
 * A cluster whose steady serverless is (being switched) off has no configuration to change.
 */
export const serverlessUpdates = [
  {
    fields: ["serverlessType", "serverlessSteadySwitch", ...SERVERLESS_CONF_FIELDS],
    apis: ["EnableDBClusterServerless", "DisableDBClusterServerless", "ModifyDBClusterServerlessConf"],
    calls: (n: Props, o: Props, key: Record<string, string>): ApiCall[] => {
      const on = { DBClusterId: key.dbClusterId, FromTimeService: true };
      const conf = (fields: ReadonlyArray<[string, string]>) => confParams(n, fields);
      if (steadyOn(n) && !steadyOn(o)) {
        const rest = conf(CONF.filter((c) => !ENABLE.includes(c)));
        return [
          { action: "EnableDBClusterServerless", params: { ...on, ...conf(ENABLE) } },
          ...(Object.keys(rest).length ? [{ action: "ModifyDBClusterServerlessConf", params: { ...on, ...rest } }] : []),
        ];
      }
      if (!steadyOn(n) && steadyOn(o)) return [{ action: "DisableDBClusterServerless", params: on }];
      const serverless = n.serverlessType === "AgileServerless" || isServerlessClass(n.dbNodeClass) || steadyOn(n);
      return serverless ? [{ action: "ModifyDBClusterServerlessConf", params: { ...on, ...conf(CONF) } }] : [];
    },
  },
] as const;

/** Agile ↔ not agile cannot change in place: a serverless cluster is born so. */
export function serverlessReplaces(field: string, olds: Props, news: Props): boolean {
  if (field === "serverlessType") return (olds.serverlessType === "AgileServerless") !== (news.serverlessType === "AgileServerless");
  if (field === "dbNodeClass") return isServerlessClass(olds.dbNodeClass) !== isServerlessClass(news.dbNodeClass);
  return false;
}

/**
 * DescribeDBClusterAttribute's ServerlessType as outputs. A cluster whose steady serverless is off
 * answers "" — which is what `serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF"` asks
 * for; the range declared with it applies to nothing then (there is no configuration to read), so it stands.
 */
export function serverlessAttributeOutputs(a: Record<string, unknown>, prior: Props): Props {
  const type = typeof a.ServerlessType === "string" && a.ServerlessType !== "" ? a.ServerlessType : undefined;
  if (type === "SteadyServerless") return { serverlessType: type, serverlessSteadySwitch: "ON" };
  if (type) return { serverlessType: type };
  const declaredOff = prior.serverlessType === "SteadyServerless" && prior.serverlessSteadySwitch === "OFF";
  if (!declaredOff) return { serverlessType: undefined };
  const kept = Object.fromEntries(SERVERLESS_CONF_FIELDS.filter((f) => prior[f] !== undefined).map((f) => [f, prior[f]]));
  return { serverlessType: "SteadyServerless", serverlessSteadySwitch: "OFF", ...kept };
}

export const serverlessConfResponse = z.looseObject(Object.fromEntries(CONF.map(([, api]) => [api, looseString.nullish()])));

/** DescribeDBClusterServerlessConf as outputs (the API answers strings). */
export function serverlessConfOutputs(r: Record<string, unknown>): Props {
  return Object.fromEntries(CONF.flatMap(([f, api]): Array<[string, unknown]> => {
    const v = r[api];
    if (v === undefined || v === null || v === "") return [];
    if (f === "allowShutDown") return [[f, String(v) === "true"]];
    if (f === "serverlessRuleMode") return [[f, String(v)]];
    const n = Number(v);
    return Number.isFinite(n) ? [[f, n]] : [];
  }));
}

/** Read the serverless configuration only where there is one. */
export const serverlessEnrich = {
  action: "DescribeDBClusterServerlessConf",
  when: (live: Props) => live.serverlessType === "AgileServerless" || live.serverlessSteadySwitch === "ON",
  response: serverlessConfResponse,
  outputs: (r: Record<string, unknown>) => serverlessConfOutputs(r),
};

export const serverlessValueAliases = { allowShutDown: { true: true, false: false } };

export const serverlessChangeDocs: Record<string, string> = {
  ...Object.fromEntries(SERVERLESS_CONF_FIELDS.map((f) => [f, `in place (\`ModifyDBClusterServerlessConf\`${f.startsWith("scale") ? "; with steady serverless being switched on: \`EnableDBClusterServerless\`" : ""})`])),
  serverlessType: "at creation (`CreateDBCluster` `ServerlessType`: AgileServerless); SteadyServerless in place (`EnableDBClusterServerless`); AgileServerless ↔ other replaces",
  serverlessSteadySwitch: "in place (`EnableDBClusterServerless` / `DisableDBClusterServerless`)",
};
