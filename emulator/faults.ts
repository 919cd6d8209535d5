/**
 * Faults on demand, seeded so a run repeats exactly, and a tally of the faults actually served.
 *
 * SPEC := RULE (";" RULE)* [";seed=N"]
 * RULE := ACTION ":" FAULT ("," FAULT)*        ACTION is an action name or "*"
 * FAULT := KIND "=" P                            with probability P (0..1) per call
 *        | KIND "=#" N                           on the first N calls of that action
 *        | KIND "=#" N "/request"                on the first N calls of each distinct request:
 *                                                the same action with the same parameters (a
 *                                                retry repeats them; DBClusterId, AccountName,
 *                                                DBName, DBEndpointId, DBClusterIPArrayName,
 *                                                SecurityIps, a ClientToken … tell requests apart)
 * KIND  := throttle | 5xx | reset | drop | slow:MS
 *   throttle  answer Throttling (400) without applying
 *   5xx       answer ServiceUnavailable (503) without applying
 *   reset     destroy the connection without applying
 *   drop      APPLY the action, then destroy the connection (the answer is lost)
 *   slow:MS   apply and answer after MS milliseconds
 * Example: "CreateDBCluster:throttle=#2;*:reset=0.02;DescribeDBClusterAttribute:slow:1500=0.1;seed=7"
 *
 * Determinism: the n-th call of an action meets the same fate in every run with the same seed,
 * whatever calls of other actions arrive in between (parallel clients interleave differently
 * from run to run). A "/request" rule counts only faults served: a drop whose action the cloud
 * refused (a busy cluster) answers the refusal, and the next identical request is dropped instead.
 * First matching rule wins.
 */
import { createHash } from "node:crypto";

export type FaultKind = "throttle" | "5xx" | "reset" | "drop" | "slow";
export const FAULT_KINDS: readonly FaultKind[] = ["throttle", "5xx", "reset", "drop", "slow"];

export interface FaultRule { action: string; kind: FaultKind; probability?: number; firstN?: number; perRequest?: boolean; delayMs?: number }
export interface FaultSpec { rules: FaultRule[]; seed: number }

export interface FaultDecision {
  kind: FaultKind;
  delayMs?: number;
  /** Which rule decided, and the request's identity (for "/request" rules): passed back to served(). */
  rule: number;
  request: string;
}

/** Faults served, per action and kind: `{ CreateAccount: { drop: 2 }, DescribeTasks: { throttle: 5, reset: 1 } }`. */
export type FaultsServed = Record<string, Partial<Record<FaultKind, number>>>;

export function parseFaults(text: string | undefined): FaultSpec {
  const spec: FaultSpec = { rules: [], seed: 1 };
  if (!text) return spec;
  for (const part of text.split(";").map((s) => s.trim()).filter(Boolean)) {
    const seed = /^seed=(\d+)$/.exec(part);
    if (seed) { spec.seed = Number(seed[1]); continue; }
    const i = part.indexOf(":");
    if (i <= 0) throw new Error(`fault rule "${part}" must look like ACTION:KIND=P`);
    const action = part.slice(0, i);
    for (const f of part.slice(i + 1).split(",")) {
      const m = /^(throttle|5xx|reset|drop|slow:(\d+))=(#(\d+)(\/request)?|(0(\.\d+)?|1(\.0+)?))$/.exec(f.trim());
      if (!m) throw new Error(`fault "${f}" must be KIND=P (0..1), KIND=#N or KIND=#N/request; KIND is throttle, 5xx, reset, drop or slow:MS`);
      const kind = (m[1].startsWith("slow") ? "slow" : m[1]) as FaultKind;
      spec.rules.push({
        action, kind, delayMs: m[2] ? Number(m[2]) : undefined, firstN: m[4] ? Number(m[4]) : undefined,
        perRequest: m[5] ? true : undefined, probability: m[6] ? Number(m[6]) : undefined,
      });
    }
  }
  return spec;
}

/**
 * Decides per call and tallies what the server reports as served. State: the per-action call
 * counts, the faults served per "/request" rule and request, and the tally (which setting a new
 * spec does not clear: resetServed() does).
 */
export class FaultInjector {
  private spec: FaultSpec;
  private readonly counts = new Map<string, number>();
  private readonly servedPerRequest = new Map<string, number>();
  private tally: FaultsServed = {};

  constructor(spec: FaultSpec | string | undefined) {
    this.spec = FaultInjector.specOf(spec);
  }

  set(spec: FaultSpec | string | undefined): void {
    this.spec = FaultInjector.specOf(spec);
    this.counts.clear();
    this.servedPerRequest.clear();
  }

  /** The fault for this call, if any; `params` are the request's (without the signature's). */
  decide(action: string, params: Record<string, string> = {}): FaultDecision | undefined {
    const n = (this.counts.get(action) ?? 0) + 1;
    this.counts.set(action, n);
    let request: string | undefined;
    for (const [i, r] of this.spec.rules.entries()) {
      if (r.action !== "*" && r.action !== action) continue;
      let hit: boolean;
      if (r.perRequest) {
        request ??= requestIdentity(action, params);
        hit = (this.servedPerRequest.get(`${i}|${request}`) ?? 0) < r.firstN!;
      } else {
        hit = r.firstN !== undefined ? n <= r.firstN : draw(this.spec.seed, i, action, n) < (r.probability ?? 0);
      }
      if (hit) return { kind: r.kind, delayMs: r.delayMs, rule: i, request: request ?? "" };
    }
    return undefined;
  }

  /** The server carried the decision out (for a drop: the action was applied and the answer lost). */
  served(action: string, d: FaultDecision): void {
    const perAction = (this.tally[action] ??= {});
    perAction[d.kind] = (perAction[d.kind] ?? 0) + 1;
    if (this.spec.rules[d.rule]?.perRequest) {
      const k = `${d.rule}|${d.request}`;
      this.servedPerRequest.set(k, (this.servedPerRequest.get(k) ?? 0) + 1);
    }
  }

  servedCounts(): FaultsServed {
    return Object.fromEntries(Object.entries(this.tally).map(([a, kinds]) => [a, { ...kinds }]));
  }

  resetServed(): void {
    this.tally = {};
  }

  private static specOf(spec: FaultSpec | string | undefined): FaultSpec {
    return typeof spec === "string" || spec === undefined ? parseFaults(spec) : spec;
  }
}

/** The same action with the same parameters; hashed, so no parameter (a password) is kept. */
function requestIdentity(action: string, params: Record<string, string>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]]);
  return createHash("sha256").update(JSON.stringify([action, sorted])).digest("hex");
}

/** A number in [0, 1) fixed by the seed, the rule, the action and the call's number. */
function draw(seed: number, rule: number, action: string, n: number): number {
  let h = (2166136261 ^ seed) >>> 0; // FNV-1a over "rule|action|n", started from the seed
  for (const ch of `${rule}|${action}|${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return mulberry32(h)();
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
