/**
 * Faults on demand, seeded so a run repeats exactly.
 *
 * SPEC := RULE (";" RULE)* [";seed=N"]
 * RULE := ACTION ":" FAULT ("," FAULT)*        ACTION is an action name or "*"
 * FAULT := KIND "=" P                            with probability P (0..1) per call
 *        | KIND "=#" N                           on the first N calls of that action
 * KIND  := throttle | 5xx | reset | drop | slow:MS
 *   throttle  answer Throttling (400) without applying
 *   5xx       answer ServiceUnavailable (503) without applying
 *   reset     destroy the connection without applying
 *   drop      APPLY the action, then destroy the connection (the answer is lost)
 *   slow:MS   apply and answer after MS milliseconds
 * Example: "CreateDBCluster:throttle=#2;*:reset=0.02;DescribeDBClusterAttribute:slow:1500=0.1;seed=7"
 */
export type FaultKind = "throttle" | "5xx" | "reset" | "drop" | "slow";

export interface FaultRule { action: string; kind: FaultKind; probability?: number; firstN?: number; delayMs?: number }
export interface FaultSpec { rules: FaultRule[]; seed: number }

export interface FaultDecision { kind: FaultKind; delayMs?: number }

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
      const m = /^(throttle|5xx|reset|drop|slow:(\d+))=(#(\d+)|(0(\.\d+)?|1(\.0+)?))$/.exec(f.trim());
      if (!m) throw new Error(`fault "${f}" must be KIND=P (0..1) or KIND=#N; KIND is throttle, 5xx, reset, drop or slow:MS`);
      const kind = (m[1].startsWith("slow") ? "slow" : m[1]) as FaultKind;
      spec.rules.push({ action, kind, delayMs: m[2] ? Number(m[2]) : undefined, firstN: m[4] ? Number(m[4]) : undefined, probability: m[5] ? Number(m[5]) : undefined });
    }
  }
  return spec;
}

/** Decides per call; the only state is the seeded generator and the per-action call counts. */
export class FaultInjector {
  private spec: FaultSpec;
  private rand: () => number;
  private readonly counts = new Map<string, number>();
  /** Faults decided since the last set(), per "Action:kind": what a test reports as measured. */
  private readonly decided = new Map<string, number>();

  constructor(spec: FaultSpec | string | undefined) {
    this.spec = typeof spec === "string" || spec === undefined ? parseFaults(spec) : spec;
    this.rand = mulberry32(this.spec.seed);
  }

  set(spec: FaultSpec | string | undefined): void {
    this.spec = typeof spec === "string" || spec === undefined ? parseFaults(spec) : spec;
    this.rand = mulberry32(this.spec.seed);
    this.counts.clear();
    this.decided.clear();
  }

  injected(): Record<string, number> {
    return Object.fromEntries(this.decided);
  }

  decide(action: string): FaultDecision | undefined {
    const n = (this.counts.get(action) ?? 0) + 1;
    this.counts.set(action, n);
    for (const r of this.spec.rules) {
      if (r.action !== "*" && r.action !== action) continue;
      const hit = r.firstN !== undefined ? n <= r.firstN : this.rand() < (r.probability ?? 0);
      if (hit) {
        const key = `${action}:${r.kind}`;
        this.decided.set(key, (this.decided.get(key) ?? 0) + 1);
        return { kind: r.kind, delayMs: r.delayMs };
      }
    }
    return undefined;
  }
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
