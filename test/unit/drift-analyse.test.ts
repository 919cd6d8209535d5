/**
 * Engine events → drift report, on events RECORDED from real `pulumi preview --refresh` runs
 * (Automation API, the real CLI, the emulator; drift/testdata/record.js): a clean stack, the same
 * stack after one out-of-band change per resource kind and a cluster deleted, and that state with
 * an undeployed program edit on top. Plus the field rules on their own (normalised lists,
 * undeclared fields, pending edits, secrets).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { analyse, driftedFields, maskDeep, MASK, SECRET_SIG } from "../../drift/analyse";
import { clusterSpec } from "../../resources/cluster";
import { whitelistSpec } from "../../resources/whitelist";
import { accountSpec } from "../../resources/account";
import { endpointSpec } from "../../resources/endpoint";

const recorded = (name: string): EngineEvent[] =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "drift", "testdata", `preview-refresh-${name}.json`), "utf8"));

const byName = (r: ReturnType<typeof analyse>) => Object.fromEntries(r.resources.map((x) => [`${x.kind}/${x.name}`, x]));

describe("recorded events", () => {
  test("the recordings are real engine events: refresh steps, then the program's plan, without detailed diffs", () => {
    const events = recorded("drift");
    const ops = events.map((e) => e.resourcePreEvent?.metadata.op).filter(Boolean);
    expect(ops).toContain("refresh");
    expect(ops).toContain("update");
    expect(ops).toContain("create"); // the deleted cluster, declared again by the program
    // The dynamic provider cannot send a detailed diff: fields must be found by the analysis.
    for (const e of events) {
      const m = e.resourcePreEvent?.metadata;
      if (m) expect(m.detailedDiff ?? null).toBeNull();
    }
  });

  test("clean stack: every resource unchanged, exit code 0", () => {
    const r = analyse("record", recorded("clean"));
    expect(r.summary).toEqual({ resources: 7, unchanged: 7, drifted: 0, deleted: 0, skipped: 0, exitCode: 0 });
    expect(r.drifted).toEqual([]);
    expect(r.deleted).toEqual([]);
    expect(r.resources.map((x) => `${x.kind}/${x.name}`)).toEqual([
      "Account/app", "Cluster/orders", "Cluster/scratch", "Database/orders", "Endpoint/reports", "Node/reader", "Whitelist/app",
    ]);
    expect(r.resources.every((x) => x.pulumiUp === "same" && x.fields.length === 0)).toBe(true);
  });

  test("after out-of-band changes: exactly the changed field per resource, the deleted cluster, exit code 2", () => {
    const r = analyse("record", recorded("drift"));
    expect(r.summary).toEqual({ resources: 7, unchanged: 0, drifted: 6, deleted: 1, skipped: 0, exitCode: 2 });
    const res = byName(r);
    expect(res["Cluster/scratch"]).toMatchObject({ status: "deleted", fields: [], pulumiUp: "create" });
    expect(res["Cluster/scratch"].id).toMatch(/^pc-/);
    expect(res["Account/app"]).toMatchObject({ status: "drifted", pulumiUp: "update", fields: [{ field: "accountDescription", old: "application", new: "changed by hand" }] });
    expect(res["Whitelist/app"].fields).toEqual([{ field: "securityIps", old: ["10.0.0.1", "10.0.0.2"], new: ["10.0.0.1", "10.0.0.2", "172.16.0.9"] }]);
    expect(res["Endpoint/reports"].fields).toEqual([{ field: "dbEndpointDescription", old: "reports", new: "reports-by-hand" }]);
    expect(res["Database/orders"]).toMatchObject({ pulumiUp: "replace", fields: [{ field: "dbDescription", old: "orders", new: "edited in the console" }] });
    // ModifyDBNodeClass changes every node: the cluster's class and the reader's.
    expect(res["Cluster/orders"].fields).toEqual([{ field: "dbNodeClass", old: "polar.pg.x4.medium", new: "polar.pg.x4.large" }]);
    expect(res["Node/reader"].fields).toEqual([{ field: "dbNodeClass", old: "polar.pg.x4.medium", new: "polar.pg.x4.large" }]);
    expect(r.drifted.map((x) => x.urn)).toEqual(r.resources.filter((x) => x.status === "drifted").map((x) => x.urn));
    expect(r.deleted.map((x) => x.name)).toEqual(["scratch"]);
  });

  test("an undeployed program edit is not drift (the cloud did not change); the out-of-band changes still are", () => {
    const pending = analyse("record", recorded("pending"));
    const drift = analyse("record", recorded("drift"));
    // The program now says description "orders-v2": `pulumi up` would update, but nothing drifted there.
    const program = recorded("pending").find((e) => e.resourcePreEvent?.metadata.op === "update" && e.resourcePreEvent.metadata.urn.endsWith("Cluster::orders"));
    expect(program!.resourcePreEvent!.metadata.new!.inputs.description).toBe("orders-v2");
    expect(byName(pending)["Cluster/orders"].fields.map((f) => f.field)).toEqual(["dbNodeClass"]);
    expect(pending.resources.map((x) => [x.name, x.status, x.fields])).toEqual(drift.resources.map((x) => [x.name, x.status, x.fields]));
  });

  test("the report does not depend on the order of events", () => {
    const events = recorded("drift");
    const shuffled = [...events].reverse();
    expect(analyse("s", shuffled)).toEqual(analyse("s", events));
  });

  test("the account's password (a secret in the state) appears nowhere in the report, not even masked", () => {
    const r = analyse("record", recorded("drift"));
    const text = JSON.stringify(r);
    expect(text).not.toContain("accountPassword");
    expect(text).not.toContain(SECRET_SIG);
    expect(text).not.toContain("secretDigests");
  });

  test("a field the program marked secret is reported masked", () => {
    // The recorded Account events, with the description made a secret the way the engine shows one.
    const secret = { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
    const events: EngineEvent[] = recorded("drift").map((e) => {
      const m = e.resOutputsEvent?.metadata;
      if (m?.op !== "refresh" || !m.urn.endsWith("Account::app")) return e;
      const copy = structuredClone(e);
      const c = copy.resOutputsEvent!.metadata;
      c.old!.inputs.accountDescription = secret;
      return copy;
    });
    const account = byName(analyse("record", events))["Account/app"];
    expect(account.fields).toEqual([{ field: "accountDescription", old: MASK, new: MASK }]);
    expect(JSON.stringify(account)).not.toContain("changed by hand");
  });

  test("a secret field everywhere (inputs and outputs masked by the engine): the provider's planned update names it, masked", () => {
    const secret = { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
    const secretEverywhere = (events: EngineEvent[]) => events.map((e) => {
      const m = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
      if (!m?.urn.endsWith("Account::app")) return e;
      const copy = structuredClone(e);
      const c = (copy.resOutputsEvent ?? copy.resourcePreEvent)!.metadata;
      for (const s of [c.old, c.new]) {
        if (s?.inputs?.accountDescription !== undefined) s.inputs.accountDescription = secret;
        if (s?.outputs?.accountDescription !== undefined) s.outputs.accountDescription = secret;
      }
      return copy;
    });
    expect(byName(analyse("record", secretEverywhere(recorded("drift"))))["Account/app"].fields).toEqual([{ field: "accountDescription", old: MASK, new: MASK }]);
    // Nothing planned for it: nothing reported.
    expect(byName(analyse("record", secretEverywhere(recorded("clean"))))["Account/app"].status).toBe("unchanged");
  });

  test("only resources of this provider are checked; others are counted as skipped", () => {
    const events = recorded("clean").map((e) => {
      const m = e.resOutputsEvent?.metadata;
      if (m?.op !== "refresh" || !m.urn.endsWith("Whitelist::app")) return e;
      const copy = structuredClone(e);
      copy.resOutputsEvent!.metadata.type = "random:index/randomPet:RandomPet";
      return copy;
    });
    const r = analyse("record", events);
    expect(r.summary).toMatchObject({ resources: 6, skipped: 1 });
    expect(r.resources.map((x) => x.kind)).not.toContain("Whitelist");
  });
});

describe("field rules", () => {
  const cluster = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", payType: "Postpaid", description: "orders", tags: { b: "2", a: "1" } };

  test("equal values in the cloud's form are no drift (tag order, list order, duplicates)", () => {
    expect(driftedFields(clusterSpec, { declared: cluster, live: { ...cluster, tags: { a: "1", b: "2" }, status: "Running" } })).toEqual([]);
    expect(driftedFields(whitelistSpec, {
      declared: { dbClusterId: "pc-a", dbClusterIpArrayName: "app", securityIps: ["10.0.0.2", "10.0.0.1", "10.0.0.2"] },
      live: { dbClusterId: "pc-a", dbClusterIpArrayName: "app", securityIps: ["10.0.0.1", "10.0.0.2"] },
    })).toEqual([]);
  });

  test("endpoint settings at their documented default equal settings left out", () => {
    const declared = { dbClusterId: "pc-a", endpointType: "Custom", endpointConfig: { ConsistLevel: "1" }, nodes: ["pi-b", "pi-a"] };
    expect(driftedFields(endpointSpec, { declared, live: { ...declared, endpointConfig: {}, nodes: ["pi-a", "pi-b"] } })).toEqual([]);
    expect(driftedFields(endpointSpec, { declared, live: { ...declared, nodes: ["pi-a"] } }).map((f) => f.field)).toEqual(["nodes"]);
  });

  test("fields the program does not declare are not compared (the cloud's value is accepted)", () => {
    const { description: _, ...undeclared } = cluster;
    expect(driftedFields(clusterSpec, { declared: undeclared, live: { ...cluster, description: "changed", maintainTime: "02:00Z-03:00Z" } })).toEqual([]);
  });

  test("local settings, region and timeouts are never drift; write-only secrets are never compared", () => {
    expect(driftedFields(clusterSpec, {
      declared: { ...cluster, liftDeletionLockOnDestroy: true, timeouts: { create: "1h" }, regionId: "cn-hangzhou" },
      live: { ...cluster, regionId: "cn-beijing" },
    })).toEqual([]);
    expect(driftedFields(accountSpec, {
      declared: { dbClusterId: "pc-a", accountName: "app", accountType: "Normal", accountPassword: "Secr3t-Passw0rd" },
      live: { dbClusterId: "pc-a", accountName: "app", accountType: "Normal" },
    })).toEqual([]);
  });

  test("each changed field is named, sorted, old → new", () => {
    const fields = driftedFields(clusterSpec, { declared: cluster, recorded: cluster, live: { ...cluster, tags: { a: "1" }, description: "x" } });
    expect(fields).toEqual([
      { field: "description", old: "orders", new: "x" },
      { field: "tags", old: { b: "2", a: "1" }, new: { a: "1" } },
    ]);
  });

  test("a value the state already held drifted (an earlier `pulumi refresh`) is still drift: old is the program's value", () => {
    const drifted = { ...cluster, description: "x" };
    expect(driftedFields(clusterSpec, { declared: cluster, stateInputs: cluster, recorded: drifted, live: drifted }))
      .toEqual([{ field: "description", old: "orders", new: "x" }]);
  });

  test("password-like names are masked whatever their value", () => {
    expect(maskDeep({ user: "u", password: "p", nested: [{ accessKeySecret: "s" }] })).toEqual({ user: "u", password: MASK, nested: [{ accessKeySecret: MASK }] });
  });
});

describe("a change registered for a window is waiting, not drift", () => {
  const declared = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.large", description: "orders" };
  const live = { ...declared, dbNodeClass: "polar.pg.x4.medium" };
  test("the scheduled field is skipped; another drifted field still counts", () => {
    expect(driftedFields(clusterSpec, { declared, stateInputs: declared, recorded: live, live, scheduled: new Set(["dbNodeClass"]) })).toEqual([]);
    expect(driftedFields(clusterSpec, { declared, stateInputs: declared, recorded: live, live: { ...live, description: "changed" }, scheduled: new Set(["dbNodeClass"]) }))
      .toEqual([{ field: "description", old: "orders", new: "changed" }]);
    // Without the registration the same difference is drift.
    expect(driftedFields(clusterSpec, { declared, stateInputs: declared, recorded: live, live }).map((f) => f.field)).toEqual(["dbNodeClass"]);
  });
});
