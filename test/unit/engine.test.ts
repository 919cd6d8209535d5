/**
 * The engine's create/read/update/delete against a scripted in-memory API and a fake clock:
 * ClientTokens, waits through unknown statuses, known failures, partial creates, update order and
 * convergence checks, busy refusals and per-cluster serialisation, progress, tasks, discovery of
 * ids the API does not return, and secrets kept out of outputs and errors.
 */
import { z } from "zod";
import { ClusterLock } from "../../provider/cluster-lock";
import { EngineDeps, engineStats, makeProvider, PartialCreateError } from "../../provider/engine";
import { ApiError } from "../../provider/errors";
import { commonInputs, compositeId, defineResource, listOf, ResourceSpec, secretString } from "../../provider/spec";
import type { WaitClock } from "../../provider/waiter";

const notFound = (action: string) => new ApiError({ action, code: "InvalidDBClusterId.NotFound", message: "gone", httpStatus: 404 });
const busy = (action: string, code = "OperationDenied.DBClusterStatus") => new ApiError({ action, code, message: "The operation is not permitted due to the resource's status.", httpStatus: 403 });

interface Widget { WidgetId: string; Name: string; Size?: number; Note?: string; statuses: string[]; token?: string }

/** A scripted cloud: each describe of a widget moves it one step along its status script. */
class FakeCloud {
  widgets = new Map<string, Widget>();
  log: Array<{ action: string; params: Record<string, unknown> }> = [];
  refuseBusy = 0;
  busyCode = "OperationDenied.DBClusterStatus";
  ignoreModify = false;
  clusterStatuses: string[] = ["Running"];
  clusterGone = false;
  createStatuses = ["Creating", "Running-ish", "Available"];
  tasks: Array<Record<string, unknown>> = [];
  inFlight = 0;
  maxInFlight = 0;
  private seq = 0;

  async request(action: string, params: Record<string, unknown> = {}): Promise<any> {
    this.log.push({ action, params });
    const mutating = !/^Describe/.test(action);
    if (mutating) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      await new Promise((r) => setImmediate(r));
      this.inFlight--;
      if (this.refuseBusy > 0) { this.refuseBusy--; throw busy(action, this.busyCode); }
    }
    const w = typeof params.WidgetId === "string" ? this.widgets.get(params.WidgetId) : undefined;
    switch (action) {
      case "DescribeDBClusterAttribute": {
        if (this.clusterGone) throw notFound(action);
        const s = this.clusterStatuses.length > 1 ? this.clusterStatuses.shift()! : this.clusterStatuses[0];
        return { DBClusterId: params.DBClusterId, DBClusterStatus: s };
      }
      case "DescribeTasks": return { Tasks: { Task: this.tasks } };
      case "CreateWidget": {
        const existing = [...this.widgets.values()].find((x) => x.token === params.ClientToken);
        if (existing) return { WidgetId: existing.WidgetId };
        const id = `w-${++this.seq}`;
        this.widgets.set(id, { WidgetId: id, Name: String(params.Name), Size: params.Size as number | undefined, statuses: [...this.createStatuses], token: params.ClientToken as string });
        return { WidgetId: id };
      }
      case "CreateGadget": {
        const id = `g-${++this.seq}`;
        this.widgets.set(id, { WidgetId: id, Name: String(params.Name), statuses: ["Available"] });
        return {};
      }
      case "DescribeWidgets": {
        const rows = [...this.widgets.values()].map((x) => {
          const status = x.statuses.length > 1 ? x.statuses.shift()! : x.statuses[0];
          if (status === "GONE") { this.widgets.delete(x.WidgetId); return undefined; }
          return { WidgetId: x.WidgetId, Name: x.Name, Size: x.Size, Note: x.Note, Status: status };
        }).filter(Boolean);
        return { Widgets: rows };
      }
      case "ModifyWidgetSize":
        if (!w) throw notFound(action);
        if (!this.ignoreModify) w.Size = params.Size as number;
        w.statuses = ["Modifying", "Available"];
        return {};
      case "ModifyWidgetNote":
        if (!w) throw notFound(action);
        if (!this.ignoreModify) w.Note = params.Note as string;
        return {};
      case "ModifyWidgetSecret":
        if (!w) throw notFound(action);
        return {};
      case "DeleteWidget":
        if (!w) throw notFound(action);
        w.statuses = ["Deleting", "Deleting", "GONE"];
        return {};
      default:
        throw new ApiError({ action, code: "InvalidAction", message: "The specified action is not valid.", httpStatus: 403 });
    }
  }

  actions(): string[] { return this.log.map((l) => l.action); }
}

const widgetInputs = z.strictObject({
  ...commonInputs,
  dbClusterId: z.string(),
  name: z.string(),
  size: z.number().int().optional(),
  note: z.string().optional(),
  secret: secretString({ min: 8, max: 32 }).optional(),
});

function widgetSpec(extra: Partial<ResourceSpec> = {}): ResourceSpec {
  return defineResource({
    kind: "Widget",
    inputs: widgetInputs,
    id: compositeId({ dbClusterId: "DBClusterId", widgetId: "WidgetId" }),
    replaceOn: ["dbClusterId", "name"],
    writeOnly: ["secret"],
    cluster: (k) => k.dbClusterId,
    create: {
      action: "CreateWidget", clientToken: true,
      params: (i) => ({ Name: i.name, Size: i.size, Secret: i.secret }),
      assigns: (r: { WidgetId: string }) => ({ widgetId: r.WidgetId }),
    },
    read: {
      action: "DescribeWidgets",
      params: () => ({}),
      pick: (r: any, k) => r.Widgets.find((x: any) => x.WidgetId === k.widgetId),
      outputs: (x: any) => ({ name: x.Name, size: x.Size, note: x.Note, status: x.Status }),
    },
    status: (o) => o.status as string,
    ready: (o) => o.status === "Available",
    failed: (o) => (o.status === "Broken" ? "the widget broke" : undefined),
    update: [
      { fields: ["size"], action: "ModifyWidgetSize", params: (n) => ({ Size: n.size }) },
      { fields: ["note"], action: "ModifyWidgetNote", params: (n) => ({ Note: n.note }) },
      { fields: ["secret"], action: "ModifyWidgetSecret", params: (n) => ({ Secret: n.secret }) },
    ],
    delete: { action: "DeleteWidget" },
    timeouts: { create: "10m", update: "10m", delete: "10m" },
    ...extra,
  } as ResourceSpec);
}

function fakeClock(): WaitClock & { t: number } {
  const c = { t: Date.UTC(2026, 0, 1), now: () => c.t, sleep: async (ms: number) => { c.t += ms; await new Promise((r) => setImmediate(r)); } };
  return c;
}

function setup(spec = widgetSpec(), overrides: Partial<EngineDeps> = {}) {
  const cloud = new FakeCloud();
  const lines: string[] = [];
  const clock = fakeClock();
  let n = 0;
  const deps: EngineDeps = {
    api: () => cloud, defaultRegion: () => "cn-hangzhou", clock, random: () => 0.5,
    tuning: { firstDelayMs: 100, minDelayMs: 1_000, maxDelayMs: 10_000, lastProbeMarginMs: 500, progressAfterMs: 15_000, progressEveryMs: 30_000 },
    progress: (l) => lines.push(l), newToken: () => `token-${++n}`, convergeGraceMs: 5_000, lock: new ClusterLock(),
    ...overrides,
  };
  return { cloud, lines, clock, provider: makeProvider(spec, deps) };
}

const inputs = { dbClusterId: "pc-1", name: "alpha", size: 3 };

describe("create", () => {
  test("one create call with a ClientToken and the id's known parts; waits through statuses it does not know", async () => {
    const { cloud, provider } = setup();
    const r = await provider.create(inputs);
    expect(r.id).toBe("pc-1:w-1");
    expect(r.outs).toEqual({ name: "alpha", size: 3, status: "Available", dbClusterId: "pc-1", widgetId: "w-1", regionId: "cn-hangzhou" });
    const creates = cloud.log.filter((l) => l.action === "CreateWidget");
    expect(creates).toEqual([{ action: "CreateWidget", params: { DBClusterId: "pc-1", Name: "alpha", Size: 3, ClientToken: "token-1" } }]);
    expect(cloud.actions().filter((a) => a === "DescribeWidgets")).toHaveLength(3); // Creating, Running-ish (unknown), Available
  });

  test("a busy refusal waits for the cluster to be Running and retries with the same token (the refusal applied nothing)", async () => {
    const { cloud, provider, lines } = setup();
    cloud.refuseBusy = 2;
    cloud.clusterStatuses = ["DBNodeCreating", "Running"];
    const before = engineStats.busyRetries;
    const r = await provider.create(inputs);
    expect(r.id).toBe("pc-1:w-1");
    expect(cloud.log.filter((l) => l.action === "CreateWidget").map((l) => l.params.ClientToken)).toEqual(["token-1", "token-1", "token-1"]);
    expect(cloud.actions()).toContain("DescribeDBClusterAttribute");
    expect(engineStats.busyRetries - before).toBe(2);
    expect(lines.filter((l) => l.includes("CreateWidget refused while the cluster is busy (OperationDenied.DBClusterStatus)"))).toHaveLength(2);
  });

  test("a busy refusal about the account or database itself backs off (growing) although the cluster is Running", async () => {
    const { cloud, provider, clock } = setup();
    cloud.refuseBusy = 3;
    cloud.busyCode = "OperationDenied.AccountStatus";
    const started = clock.t;
    const r = await provider.create(inputs);
    expect(r.id).toBe("pc-1:w-1");
    expect(cloud.actions().filter((a) => a === "CreateWidget")).toHaveLength(4);
    // back-off with random 0.5 and minDelay 1 s: 1 s, 1.5 s, 3 s before the three retries (then the create's own wait)
    expect(clock.t - started).toBeGreaterThanOrEqual(5_500);
  });

  test("busy refusals are bounded", async () => {
    const { cloud, provider } = setup(widgetSpec(), { maxBusyAttempts: 3 });
    cloud.refuseBusy = 5;
    await expect(provider.create(inputs)).rejects.toMatchObject({ code: "OperationDenied.DBClusterStatus" });
    expect(cloud.actions().filter((a) => a === "CreateWidget")).toHaveLength(3);
  });

  test("a known failure status ends the wait at once: a partial create with id, properties and reasons", async () => {
    const { cloud, provider } = setup();
    cloud.createStatuses = ["Creating", "Broken", "Available"];
    const err = await provider.create(inputs).catch((e) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect(err.id).toBe("pc-1:w-1");
    expect(err.properties).toMatchObject({ dbClusterId: "pc-1", name: "alpha", widgetId: "w-1", regionId: "cn-hangzhou" });
    expect(err.reasons).toEqual(["Widget pc-1:w-1: the widget broke"]);
    expect(err.message).toMatch(/the widget broke .*recorded in the state/);
  });

  test("a wait that runs out of time is a partial create naming the timeouts input", async () => {
    const { cloud, provider } = setup();
    cloud.createStatuses = ["Creating"];
    const err = await provider.create({ ...inputs, timeouts: { create: "2m" } }).catch((e) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect(err.reasons[0]).toMatch(/^Widget pc-1:w-1: not ready after 2m \(last: Creating\)\. Raise the deadline with the input `timeouts: \{ create: "…" \}` \(default 10m\)/);
    expect(err.properties).toMatchObject({ status: "Creating", timeouts: { create: "2m" } });
  });

  test("progress lines during a long wait carry the kind, id, status and elapsed time", async () => {
    const { cloud, provider, lines } = setup();
    cloud.createStatuses = [...Array(12).fill("Creating"), "Available"];
    await provider.create(inputs);
    expect(lines[0]).toMatch(/^Widget pc-1:w-1: waiting until ready — Creating, \d+s elapsed$/);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  test("with tasks on, a failed cluster task ends the wait at once with the task's error", async () => {
    const { cloud, provider } = setup(widgetSpec({ tasks: true }));
    cloud.createStatuses = ["Creating"];
    cloud.tasks = [{ TaskAction: "CreateDBInstance", Progress: 60, BeginTime: "2026-01-01T00:00:00Z", TaskErrorCode: "InternalError", TaskErrorMessage: "storage init failed" }];
    const err = await provider.create(inputs).catch((e) => e);
    expect(err.reasons).toEqual(["Widget pc-1:w-1: task CreateDBInstance failed: InternalError: storage init failed"]);
    expect(cloud.actions().filter((a) => a === "DescribeWidgets").length).toBeLessThanOrEqual(3);
  });

  test("with tasks on, the next probe comes when the task expects to finish, and progress shows the task", async () => {
    const { cloud, provider, lines, clock } = setup(widgetSpec({ tasks: true }));
    cloud.createStatuses = ["Creating", "Creating", "Creating", "Available"];
    cloud.tasks = [{ TaskAction: "CreateDBInstance", CurrentStepName: "init_cluster", StepProgressInfo: "3/4", Progress: 60, Remain: 20, BeginTime: "2026-01-01T00:00:00Z" }];
    const started = clock.t;
    const probeTimes: number[] = [];
    const request = cloud.request.bind(cloud);
    cloud.request = async (action, params) => { if (action === "DescribeWidgets") probeTimes.push(clock.t - started); return request(action, params); };
    await provider.create(inputs);
    // the first probe (100 ms) sees Creating and asks DescribeTasks: 20 s left → probes at 18.1 s
    // (90 % of a hint beyond maxDelay) and 20.1 s, not on the back-off schedule (1 s, 1–2 s, …)
    expect(probeTimes.slice(0, 3)).toEqual([100, 18_100, 20_100]);
    expect(lines[0]).toMatch(/^Widget pc-1:w-1: waiting until ready — Creating, 18s elapsed; task CreateDBInstance init_cluster \(step 3\/4\) 60%, about 20s left$/);
  });

  test("what the create call cannot set converges right after it, and a write-only secret never reaches the outputs", async () => {
    const { cloud, provider } = setup();
    const r = await provider.create({ ...inputs, note: "hello", secret: "Super-Secret-9" });
    expect(cloud.actions().filter((a) => a.startsWith("Modify"))).toEqual(["ModifyWidgetNote"]); // not the secret: it was sent at create
    expect(r.outs).toMatchObject({ note: "hello" });
    expect(JSON.stringify(r.outs)).not.toContain("Super-Secret-9");
    expect((r.outs as any).secretDigests.secret).toMatch(/^scrypt\$/);
  });

  test("an id the API does not return is discovered: list before, newcomer after", async () => {
    const gadget = widgetSpec({
      kind: "Gadget",
      create: {
        action: "CreateGadget", params: (i: any) => ({ Name: i.name }),
        discover: {
          list: { action: "DescribeWidgets", params: () => ({}), response: z.object({ Widgets: listOf(z.looseObject({ WidgetId: z.string(), Name: z.string() })) }) },
          items: (r: any) => r.Widgets, idOf: (x: any) => x.WidgetId, matches: (x: any, i: any) => x.Name === i.name, assigns: (x: any) => ({ widgetId: x.WidgetId }),
        },
      },
    });
    const { cloud, provider } = setup(gadget);
    await cloud.request("CreateGadget", { Name: "old" });
    const r = await provider.create({ dbClusterId: "pc-1", name: "new" });
    expect(r.id).toBe("pc-1:g-2");
  });
});

describe("settling the cluster (resources whose changes make the cluster busy)", () => {
  test("create and delete also wait until the cluster is Running again; a cluster already gone is fine after a delete", async () => {
    const { cloud, provider } = setup(widgetSpec({ settleCluster: true }));
    cloud.clusterStatuses = ["DBNodeCreating", "DBNodeCreating", "Running"];
    const { id, outs } = await provider.create(inputs);
    expect(cloud.actions().filter((a) => a === "DescribeDBClusterAttribute")).toHaveLength(3);
    expect(cloud.clusterStatuses).toEqual(["Running"]);
    cloud.clusterGone = true;
    await expect(provider.delete!(id, outs!)).resolves.toBeUndefined();
  });
});

describe("read", () => {
  test("gone (NotFound, or no matching row) is {} so Pulumi drops the resource", async () => {
    const { provider } = setup();
    expect(await provider.read!("pc-1:w-9", {})).toEqual({});
    const noRow = setup(widgetSpec({ read: { action: "DescribeWidgets", params: () => ({}), pick: () => undefined, outputs: () => ({}) } }));
    expect(await noRow.provider.read!("pc-1:w-1", {})).toEqual({});
  });

  test("any other error is an error, not a deletion", async () => {
    const broken = setup(widgetSpec({ read: { action: "DescribeNothing", outputs: () => ({}) } }));
    await expect(broken.provider.read!("pc-1:w-1", {})).rejects.toMatchObject({ code: "InvalidAction" });
  });

  test("local settings and digests are carried from the stored outputs", async () => {
    const { provider } = setup();
    const created = await provider.create({ ...inputs, timeouts: { delete: "5m" } });
    const r = await provider.read!(created.id, created.outs);
    expect(r).toEqual({ id: created.id, props: created.outs });
  });
});

describe("update", () => {
  test("only changed groups run, in spec order, each followed by a wait and a read-back", async () => {
    const { cloud, provider } = setup();
    const { id, outs } = await provider.create(inputs);
    cloud.log = [];
    const r = await provider.update!(id, outs!, { ...inputs, note: "n", size: 5 });
    expect(r.outs).toMatchObject({ size: 5, note: "n", status: "Available" });
    const a = cloud.actions();
    expect(a.filter((x) => x.startsWith("Modify"))).toEqual(["ModifyWidgetSize", "ModifyWidgetNote"]);
    expect(a.indexOf("ModifyWidgetNote")).toBeGreaterThan(a.lastIndexOf("DescribeWidgets", a.indexOf("ModifyWidgetNote")) - 1);
    expect(a.slice(a.indexOf("ModifyWidgetSize") + 1, a.indexOf("ModifyWidgetNote"))).toEqual(["DescribeWidgets", "DescribeWidgets"]); // Modifying, Available
  });

  test("an API that answers OK but does not apply the change is an error naming the field and both values", async () => {
    const { cloud, provider } = setup();
    const { id, outs } = await provider.create(inputs);
    cloud.ignoreModify = true;
    await expect(provider.update!(id, outs!, { ...inputs, size: 5 }))
      .rejects.toThrow("Widget pc-1:w-1: ModifyWidgetSize answered OK but the change did not take effect: size did not change: wanted 5, the cloud reports 3");
  });

  test("a secret changes through its own action, is never compared with the cloud, and never appears in outputs or errors", async () => {
    const { cloud, provider } = setup();
    const { id, outs } = await provider.create({ ...inputs, secret: "First-Secret-1" });
    cloud.log = [];
    const r = await provider.update!(id, outs!, { ...inputs, secret: "Second-Secret-2" });
    expect(cloud.actions().filter((a) => a.startsWith("Modify"))).toEqual(["ModifyWidgetSecret"]);
    expect(JSON.stringify(r.outs)).not.toMatch(/First-Secret|Second-Secret/);
    expect(await provider.diff!(id, r.outs!, { ...inputs, secret: "Second-Secret-2" })).toMatchObject({ changes: false });
    cloud.ignoreModify = true;
    const err = await provider.update!(id, r.outs!, { ...inputs, size: 9, secret: "Third-Secret-3" }).catch((e) => e);
    expect(String(err.message)).not.toMatch(/Secret-\d/);
  });

  test("an update of a resource that vanished says how to recover", async () => {
    const { cloud, provider } = setup();
    const { id, outs } = await provider.create(inputs);
    cloud.widgets.clear();
    await expect(provider.update!(id, outs!, { ...inputs, size: 4 })).rejects.toThrow(/no longer exists .*pulumi refresh/);
  });

  test("mutations on one cluster never overlap; different clusters proceed together", async () => {
    const { cloud, provider } = setup();
    const made = await Promise.all([1, 2, 3, 4].map((i) => provider.create({ dbClusterId: "pc-1", name: `w${i}`, size: i })));
    cloud.maxInFlight = 0;
    await Promise.all(made.map((m) => provider.update!(m.id, m.outs!, { dbClusterId: "pc-1", name: m.outs!.name, size: 10 })));
    expect(cloud.maxInFlight).toBe(1);

    const other = setup();
    await Promise.all([1, 2, 3].map((i) => other.provider.create({ dbClusterId: `pc-${i}`, name: "w", size: 1 })));
    expect(other.cloud.maxInFlight).toBeGreaterThan(1);
  });
});

describe("delete", () => {
  test("waits until the resource is gone", async () => {
    const { cloud, provider } = setup();
    const { id, outs } = await provider.create(inputs);
    cloud.log = [];
    await provider.delete!(id, outs!);
    expect(cloud.actions()).toEqual(["DeleteWidget", "DescribeWidgets", "DescribeWidgets", "DescribeWidgets"]);
    expect(cloud.widgets.size).toBe(0);
  });

  test("NotFound is success", async () => {
    const { cloud, provider } = setup();
    await expect(provider.delete!("pc-1:w-404", { regionId: "cn-hangzhou" })).resolves.toBeUndefined();
    expect(cloud.actions()).toEqual(["DeleteWidget"]);
  });

  test("deletion protection: refused with the spec's message unless the opt-in was stored; then lifted first", async () => {
    const guarded = widgetSpec({
      inputs: widgetInputs.extend({ keep: z.boolean().optional(), liftOnDestroy: z.boolean().optional() }),
      local: ["liftOnDestroy"],
      update: [{ fields: ["size", "note", "secret", "keep"], action: "ModifyWidgetSize", params: (n: any) => ({ Size: n.size }) }],
      deletionProtection: {
        isOn: (o) => o.size === 42, optIn: "liftOnDestroy",
        lift: (k) => ({ action: "ModifyWidgetSize", params: { WidgetId: k.widgetId, Size: 1 } }),
        refusal: (id) => `Widget ${id} is protected; set liftOnDestroy: true`,
      },
    });
    const { cloud, provider } = setup(guarded);
    const { id, outs } = await provider.create({ ...inputs, size: 42 });
    await expect(provider.delete!(id, outs!)).rejects.toThrow(`Widget ${id} is protected; set liftOnDestroy: true`);
    expect(cloud.actions()).not.toContain("DeleteWidget");
    cloud.log = [];
    await provider.delete!(id, { ...outs, liftOnDestroy: true });
    expect(cloud.actions().filter((a) => !a.startsWith("Describe"))).toEqual(["ModifyWidgetSize", "DeleteWidget"]);
  });
});

describe("extensions for settings and migration resources", () => {
  test("delete { leaves }: no API call, one progress line with the reason", async () => {
    const { cloud, provider, lines } = setup(widgetSpec({ delete: { leaves: "widgets cannot be deleted" } }));
    const { id, outs } = await provider.create(inputs);
    cloud.log = [];
    await provider.delete!(id, outs!);
    expect(cloud.actions()).toEqual([]);
    expect(lines.at(-1)).toBe(`Widget ${id}: removed from the state only; widgets cannot be deleted`);
  });

  test("delete { restoresDefault }: the call, then no wait for the resource to vanish", async () => {
    const spec = widgetSpec({ delete: { action: "ModifyWidgetNote", params: () => ({ Note: "default" }), restoresDefault: true } });
    const { cloud, provider } = setup(spec);
    const { id, outs } = await provider.create(inputs);
    cloud.log = [];
    await provider.delete!(id, outs!);
    expect(cloud.actions()).toEqual(["ModifyWidgetNote"]);
    expect(cloud.widgets.get("w-1")?.Note).toBe("default");
  });

  test("keepOnFailure false: a resource the cloud reports failed is a plain error (not recorded); a timeout still is", async () => {
    const spec = widgetSpec({ create: { ...widgetSpec().create, keepOnFailure: false } } as Partial<ResourceSpec>);
    const { cloud, provider } = setup(spec);
    cloud.createStatuses = ["Creating", "Broken"];
    const err = await provider.create(inputs).catch((e) => e);
    expect(err).not.toBeInstanceOf(PartialCreateError);
    expect(err.message).toMatch(/the widget broke/);
    cloud.createStatuses = ["Creating"];
    const timeout = await provider.create({ ...inputs, timeouts: { create: "30s" } }).catch((e) => e);
    expect(timeout).toBeInstanceOf(PartialCreateError);
  });

  test("changeNote: printed in diff after the changed fields, only when the spec has something to say", async () => {
    const spec = widgetSpec({ changeNote: (_o, n, changed) => (changed.includes("size") && (n.size as number) > 10 ? "a big size restarts the widget" : undefined) });
    const { provider, lines } = setup(spec);
    const { id, outs } = await provider.create(inputs);
    await provider.diff!(id, outs!, { ...inputs, size: 4 });
    expect(lines.at(-1)).toMatch(/differs in size$/);
    await provider.diff!(id, outs!, { ...inputs, size: 40 });
    expect(lines.at(-1)).toBe(`Widget ${id}: a big size restarts the widget`);
  });

  test("read outputs see what the program manages (prior): inputs at create, stored outputs at refresh", async () => {
    const priors: Array<Record<string, unknown>> = [];
    const base = widgetSpec();
    const spec = widgetSpec({ read: { ...base.read, outputs: (x: any, k, prior) => { priors.push(prior); return base.read.outputs(x, k, prior); } } });
    const { provider } = setup(spec);
    const { id, outs } = await provider.create(inputs);
    expect(priors[0]).toMatchObject({ name: "alpha", size: 3 });
    priors.length = 0;
    await provider.read!(id, { ...outs, note: "stored" });
    expect(priors[0]).toMatchObject({ note: "stored", widgetId: "w-1" });
  });

  test("the product picks the API client; compositeId with an optional last part", async () => {
    const asked: string[] = [];
    const cloud = new FakeCloud();
    const provider = makeProvider(widgetSpec({ product: "rds" }), {
      api: (_r, product) => { asked.push(String(product)); return cloud; }, defaultRegion: () => "cn-hangzhou",
      clock: fakeClock(), tuning: { firstDelayMs: 1, minDelayMs: 1, maxDelayMs: 1 }, progress: () => undefined,
    });
    await provider.create(inputs);
    expect(new Set(asked)).toEqual(new Set(["rds"]));

    const id = compositeId({ dbClusterId: "DBClusterId", dbEndpointId: "DBEndpointId" }, { dbEndpointId: /^pe-/ }, { optionalLast: true });
    expect(id.shape).toBe("<dbClusterId>[:<dbEndpointId>]");
    expect(id.format({ dbClusterId: "pc-1" })).toBe("pc-1");
    expect(id.format({ dbClusterId: "pc-1", dbEndpointId: "pe-2" })).toBe("pc-1:pe-2");
    expect(id.parse("pc-1")).toEqual({ dbClusterId: "pc-1" });
    expect(id.params(id.parse("pc-1"))).toEqual({ DBClusterId: "pc-1" });
    expect(id.params(id.parse("pc-1:pe-2"))).toEqual({ DBClusterId: "pc-1", DBEndpointId: "pe-2" });
    expect(() => id.parse("pc-1:x-2")).toThrow(/not a valid id/);
    expect(() => id.parse("pc-1:pe-2:extra")).toThrow(/not a valid id/);
  });
});

test("an unknown key inside an object input names that input, not the resource's inputs", async () => {
  const { provider } = setup();
  const r = await provider.check!({}, { ...inputs, timeouts: { creat: "5m" } });
  expect(r.failures).toEqual([{ property: "timeouts", reason: 'unknown key "creat"' }]);
  const top = await provider.check!({}, { ...inputs, colour: "red" });
  expect(top.failures?.[0].reason).toMatch(/^unknown input "colour"; Widget takes: /);
});
