/** DescribeDBClusterAvailableResources' answer, read by preview's offer check (offer.ts) and by getAvailableResources. */
import { z } from "zod";
import { listOf } from "./spec";

export const availableZones = z.looseObject({
  AvailableZones: listOf(z.looseObject({
    ZoneId: z.string(), RegionId: z.string().optional(),
    SupportedEngines: listOf(z.looseObject({
      Engine: z.string(),
      AvailableResources: listOf(z.looseObject({ DBNodeClass: z.string(), Category: z.string().optional() })),
    })),
  })),
});
