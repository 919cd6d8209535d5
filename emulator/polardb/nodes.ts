/**
 * Nodes (seed 003 §8): add, delete, change class, restart.
 */
import { list, oneOf, required } from "../params";
import { codes } from "../codes";
import { CLASS_PREFIX, DURATIONS, QUOTA, REGIONS } from "./catalogue";
import { Area, joinIds, splitIds, PolarContext } from "./context";

export function nodeArea(ctx: PolarContext): Area {
  const { clock, after, schedule, nextId, runningCluster, idempotent, newNode } = ctx;

  return {
    actions: {
      CreateDBNodes: (p) => idempotent(p, "CreateDBNodes", () => {
        const c = runningCluster(p);
        const rows = list(p, "DBNode");
        if (rows.length === 0) throw codes.missingParameter("DBNode.1.TargetClass");
        if (rows.length > 15) throw codes.invalidParameter("DBNode");
        const readers = c.nodes.filter((n) => n.DBNodeRole === "Reader").length;
        if (readers + rows.length > QUOTA.readers) throw codes.nodeQuota();
        const added = rows.map((r) => {
          const cls = r.TargetClass;
          if (!cls) throw codes.missingParameter("DBNode.1.TargetClass");
          if (!cls.startsWith(CLASS_PREFIX[c.DBType])) throw codes.invalidParameter("DBNode.1.TargetClass");
          if (r.ZoneId && !REGIONS[c.RegionId].includes(r.ZoneId)) throw codes.zoneMismatch();
          return newNode(c, "Reader", "Creating", cls);
        });
        c.nodes.push(...added);
        c.DBClusterStatus = "DBNodeCreating";
        const nodesDone = after(DURATIONS.createNodes);
        // DescribeTasks lists node and class changes too (TaskAction: the API the task serves).
        ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "CreateDBNodes", BeginTime: clock.now(), FinishTime: nodesDone });
        schedule({ at: nodesDone, kind: "nodesRunning", clusterId: c.DBClusterId, args: { ids: added.map((n) => n.DBNodeId) } });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()), DBNodeIds: { DBNodeId: added.map((n) => n.DBNodeId) } };
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
        void type;
        c.DBClusterStatus = "ClassChanging";
        for (const n of c.nodes) n.DBNodeStatus = "ClassChanging";
        const classDone = after(DURATIONS.classChange);
        ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: "ModifyDBNodeClass", BeginTime: clock.now(), FinishTime: classDone });
        schedule({ at: classDone, kind: "classChanged", clusterId: c.DBClusterId, args: { cls } });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
      }),

      RestartDBNode: (p) => {
        const id = required(p, "DBNodeId");
        const c = Object.values(ctx.store.clusters).find((x) => x.nodes.some((n) => n.DBNodeId === id));
        if (!c) throw codes.nodeNotFound();
        if (c.DBClusterStatus !== "Running") throw codes.clusterBusy();
        c.nodes.find((n) => n.DBNodeId === id)!.DBNodeStatus = "Rebooting";
        c.DBClusterStatus = "Rebooting";
        schedule({ at: after(DURATIONS.restartNode), kind: "nodeRunning", clusterId: c.DBClusterId, args: { id } });
        return {};
      },
    },
    transitions: {
      nodesRunning: (c, a) => {
        for (const n of c.nodes) if (a.ids.includes(n.DBNodeId)) n.DBNodeStatus = "Running";
        for (const ep of c.endpoints) if (ep.AutoAddNewNodes === "Enable" || ep.EndpointType !== "Custom") ep.Nodes = joinIds([...splitIds(ep.Nodes), ...a.ids]);
        c.DBClusterStatus = "Running";
      },
      nodesGone: (c, a) => {
        c.nodes = c.nodes.filter((n) => !a.ids.includes(n.DBNodeId));
        for (const ep of c.endpoints) ep.Nodes = joinIds(splitIds(ep.Nodes).filter((id) => !a.ids.includes(id)));
        c.DBClusterStatus = "Running";
      },
      classChanged: (c, a) => { c.DBNodeClass = a.cls; for (const n of c.nodes) { n.DBNodeClass = a.cls; n.DBNodeStatus = "Running"; } c.DBClusterStatus = "Running"; },
      nodeRunning: (c, a) => { const n = c.nodes.find((x) => x.DBNodeId === a.id); if (n) n.DBNodeStatus = "Running"; c.DBClusterStatus = "Running"; },
    },
  };
}
