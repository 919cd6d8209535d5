/**
 * Tags (seed 003 §15).
 */
import { bool, list, required } from "../params";
import { codes } from "../codes";
import type { Area, PolarContext } from "./context";

export function tagArea(ctx: PolarContext): Area {


  return {
    actions: {
      TagResources: (p) => {
        required(p, "RegionId");
        if (required(p, "ResourceType") !== "cluster") throw codes.invalidParameter("ResourceType");
        const ids = list(p, "ResourceId").map((r) => r[""]);
        const tags = list(p, "Tag");
        if (!ids.length) throw codes.missingParameter("ResourceId.1");
        if (!tags.length || tags.length > 20 || tags.some((t) => !t.Key)) throw codes.invalidParameter("Tag");
        for (const id of ids) {
          const c = ctx.store.clusters[id];
          if (!c) throw codes.clusterNotFound();
          for (const t of tags) c.Tags = [...c.Tags.filter((x) => x.Key !== t.Key), { Key: t.Key, Value: t.Value ?? "" }];
        }
        return {};
      },
      UntagResources: (p) => {
        required(p, "RegionId");
        const ids = list(p, "ResourceId").map((r) => r[""]);
        const keys = list(p, "TagKey").map((r) => r[""]);
        const all = bool(p, "All", false);
        for (const id of ids) {
          const c = ctx.store.clusters[id];
          if (!c) throw codes.clusterNotFound();
          c.Tags = all ? [] : c.Tags.filter((t) => !keys.includes(t.Key));
        }
        return {};
      },
      ListTagResources: (p) => {
        required(p, "RegionId");
        const ids = list(p, "ResourceId").map((r) => r[""]);
        const rows = Object.values(ctx.store.clusters).filter((c) => !ids.length || ids.includes(c.DBClusterId))
          .flatMap((c) => c.Tags.map((t) => ({ ResourceId: c.DBClusterId, ResourceType: "cluster", TagKey: t.Key, TagValue: t.Value })));
        return { NextToken: "", TagResources: { TagResource: rows } };
      },
    },
  };
}
