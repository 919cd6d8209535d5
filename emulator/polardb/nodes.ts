/**
 * Nodes (seed 003 §8): add, delete, change class, restart.
 */
import { codes } from "../codes";
import { list, oneOf, optional, required } from "../params";
import type { Cluster } from "../state";
import { CLASS_PREFIX, DURATIONS, QUOTA, REGIONS } from "./catalogue";
import { Area, joinIds, PolarContext, splitIds } from "./context";
import { imciSwitchOf } from "./imci-version";
import { plannedWindow, registerScheduleTask } from "./schedule-tasks";
import { applySubCategory, subCategoryChange } from "./network-proxy";

export function nodeArea(ctx: PolarContext): Area {
  const { clock, after, schedule, nextId, runningCluster, idempotent, newNode } = ctx;

  /** Starts adding read-only nodes (now or from a scheduled task); returns when they are Running. */
  function addNodes(c: Cluster, a: { rows: Array<{ TargetClass?: string; ZoneId?: string }>; endpoints?: string[]; imci?: "ON" | "OFF"; out?: string[] }): number {
    const added = a.rows.map((r) => ({ ...newNode(c, "Reader", "Creating", r.TargetClass ?? c.DBNodeClass), ...(r.ZoneId ? { ZoneId: r.ZoneId } : {}), ImciSwitch: a.imci ?? "OFF" }));
    a.out?.push(...added.map((n) => n.DBNodeId));
    c.nodes.push(...added);
    c.DBClusterStatus = "DBNodeCreating";
    const nodesDone = after(DURATIONS.createNodes);
    // DescribeTasks lists node and class changes too (TaskAction: the API the task serves).
    ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "CreateDBNodes", BeginTime: clock.now(), FinishTime: nodesDone });
    schedule({ at: nodesDone, kind: "nodesRunning", clusterId: c.DBClusterId, args: { ids: added.map((n) => n.DBNodeId), ...(a.endpoints ? { endpoints: a.endpoints } : {}) } });
    return nodesDone;
  }

  /** Starts changing the class of every node; returns when the change ends. */
  function changeClass(c: Cluster, a: { cls: string; sub?: string }): number {
    c.DBClusterStatus = "ClassChanging";
    for (const n of c.nodes) n.DBNodeStatus = "ClassChanging";
    const classDone = after(DURATIONS.classChange);
    ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "ModifyDBNodeClass", BeginTime: clock.now(), FinishTime: classDone });
    schedule({ at: classDone, kind: "classChanged", clusterId: c.DBClusterId, args: { cls: a.cls, ...(a.sub ? { sub: a.sub } : {}) } });
    return classDone;
  }

  return {
    actions: {
      CreateDBNodes: (p) => idempotent(p, "CreateDBNodes", () => {
        const c = runningCluster(p);
        const rows = list(p, "DBNode");
        if (rows.length === 0) throw codes.missingParameter("DBNode.1.TargetClass");
        if (rows.length > 15) throw codes.invalidParameter("DBNode");
        // Only PolarDB MySQL adds several read-only nodes in one call (§8.1).
        if (rows.length > 1 && c.DBType !== "MySQL") throw codes.invalidParameter("DBNode");
        const readers = c.nodes.filter((n) => n.DBNodeRole === "Reader").length;
        if (readers + rows.length > QUOTA.readers) throw codes.nodeQuota();
        rows.forEach((r, i) => {
          const cls = r.TargetClass;
          if (!cls) throw codes.missingParameter(`DBNode.${i + 1}.TargetClass`);
          if (!cls.startsWith(CLASS_PREFIX[c.DBType])) throw codes.invalidParameter("DBNode.1.TargetClass");
          if (r.ZoneId && !REGIONS[c.RegionId].includes(r.ZoneId)) throw codes.zoneMismatch();
        });
        const bind = optional(p, "EndpointBindList");
        const endpoints = bind === undefined ? undefined : splitIds(bind);
        for (const id of endpoints ?? []) if (!c.endpoints.some((e) => e.DBEndpointId === id && e.EndpointType !== "Primary")) throw codes.endpointNotFound();
        const orderId = String(2000000000000 + nextId());
        const plan = plannedWindow(p, clock.now());
        const args = { rows: rows.map((r) => ({ TargetClass: r.TargetClass, ZoneId: r.ZoneId })), endpoints, imci: imciSwitchOf(p, c) };
        if (plan) {
          // The nodes do not exist before the task runs: the answer has no ids yet.
          registerScheduleTask(ctx, c, "CreateDBNodes", plan, args, orderId);
          return { DBClusterId: c.DBClusterId, OrderId: orderId, DBNodeIds: { DBNodeId: [] } };
        }
        const ids: string[] = [];
        addNodes(c, { ...args, out: ids });
        return { DBClusterId: c.DBClusterId, OrderId: orderId, DBNodeIds: { DBNodeId: ids } };
      }),

      DeleteDBNodes: (p) => idempotent(p, "DeleteDBNodes", () => {
        const c = runningCluster(p);
        const ids = list(p, "DBNodeId").map((r) => r[""]);
        if (ids.length === 0) throw codes.missingParameter("DBNodeId.1");
        for (const id of ids) {
          const n = c.nodes.find((x) => x.DBNodeId === id);
          if (!n) throw codes.nodeNotFound();
          if (n.DBNodeRole === "Writer") throw codes.cannotDeleteWriter();
        }
        if (c.nodes.length - ids.length < 1) throw codes.minNodes();
        for (const n of c.nodes) if (ids.includes(n.DBNodeId)) n.DBNodeStatus = "Deleting";
        c.DBClusterStatus = "DBNodeDeleting";
        schedule({ at: after(DURATIONS.deleteNodes), kind: "nodesGone", clusterId: c.DBClusterId, args: { ids } });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
      }),

      ModifyDBNodeClass: (p) => idempotent(p, "ModifyDBNodeClass", () => {
        const c = runningCluster(p);
        const type = oneOf(p, "ModifyType", ["Upgrade", "Downgrade"]) ?? (() => { throw codes.missingParameter("ModifyType"); })();
        const cls = required(p, "DBNodeTargetClass");
        if (!cls.startsWith(CLASS_PREFIX[c.DBType])) throw codes.invalidParameter("DBNodeTargetClass");
        const orderId = String(2000000000000 + nextId());
        // The planned times only take effect for an upgrade (§8.4); a downgrade runs now.
        const plan = type === "Upgrade" ? plannedWindow(p, clock.now()) : undefined;
        const sub = subCategoryChange(p, c);
        if (plan) registerScheduleTask(ctx, c, "ModifyDBNodeClass", plan, { cls, ...(sub ? { sub } : {}) }, orderId);
        else changeClass(c, { cls, ...(sub ? { sub } : {}) });
        return { DBClusterId: c.DBClusterId, OrderId: orderId };
      }),

      RestartDBNode: (p) => {
        const id = required(p, "DBNodeId");
        const c = ctx.clusterWithNode(id);
        if (!c) throw codes.nodeNotFound();
        if (c.DBClusterStatus !== "Running") throw codes.clusterBusy();
        c.nodes.find((n) => n.DBNodeId === id)!.DBNodeStatus = "Rebooting";
        c.DBClusterStatus = "Rebooting";
        schedule({ at: after(DURATIONS.restartNode), kind: "nodeRunning", clusterId: c.DBClusterId, args: { id } });
        return {};
      },
    },
    operations: { CreateDBNodes: (c, a) => addNodes(c, a as { rows: Array<{ TargetClass?: string }> }), ModifyDBNodeClass: (c, a) => changeClass(c, a as { cls: string; sub?: string }) },
    transitions: {
      nodesRunning: (c, a) => {
        for (const n of c.nodes) if (a.ids.includes(n.DBNodeId)) n.DBNodeStatus = "Running";
        // EndpointBindList names the endpoints to join; without it, every endpoint that takes new nodes (§8.1)
        const joins = (ep: Cluster["endpoints"][number]) => a.endpoints ? a.endpoints.includes(ep.DBEndpointId) : ep.AutoAddNewNodes === "Enable" || ep.EndpointType !== "Custom";
        for (const ep of c.endpoints) if (joins(ep)) ep.Nodes = joinIds([...splitIds(ep.Nodes), ...a.ids]);
        c.DBClusterStatus = "Running";
      },
      nodesGone: (c, a) => {
        c.nodes = c.nodes.filter((n) => !a.ids.includes(n.DBNodeId));
        for (const ep of c.endpoints) ep.Nodes = joinIds(splitIds(ep.Nodes).filter((id) => !a.ids.includes(id)));
        c.DBClusterStatus = "Running";
      },
      classChanged: (c, a) => { if (a.sub) applySubCategory(c, a.sub); c.DBNodeClass = a.cls; for (const n of c.nodes) { n.DBNodeClass = a.cls; n.DBNodeStatus = "Running"; } c.DBClusterStatus = "Running"; },
      nodeRunning: (c, a) => { const n = c.nodes.find((x) => x.DBNodeId === a.id); if (n) n.DBNodeStatus = "Running"; c.DBClusterStatus = "Running"; },
    },
  };
}
