/**
 * RDS instances: the migration targets and upgrade subjects of the seed actions, listed by
 * `DescribeDBInstances` (`Items.DBInstance[]`) and `DescribeDBInstanceAttribute`
 * (`Items.DBInstanceAttribute[]`) with the field names of the official RDS SDK's models.
 */
import type { DispatchRequest } from "../backend-api";
import { rdsError } from "./errors";
import { isoSeconds } from "./format";
import { INT32_MAX, pageOf, RDS_RULES, readParams } from "./params";
import type { Instance, RdsContext } from "./state";

export function findInstance(ctx: RdsContext, id: string): Instance | undefined {
  return ctx.state().instances.find((i) => i.DBInstanceId === id);
}

export const isPostgres = (i: Instance) => i.Engine === "PostgreSQL";

const ENGINES = ["MySQL", "SQLServer", "PostgreSQL", "MariaDB"] as const;
const INSTANCE_TYPES = ["Primary", "Readonly", "Guard", "Temp"] as const;

function connection(i: Instance): { host: string; port: string } {
  const pg = isPostgres(i);
  return { host: `${i.DBInstanceId}.${pg ? "pg" : "mysql"}.rds.aliyuncs.com`, port: pg ? "5432" : "3306" };
}

function readOnlyIds(ctx: RdsContext, i: Instance) {
  const ids = ctx.state().instances.filter((r) => r.MasterInstanceId === i.DBInstanceId).map((r) => ({ DBInstanceId: r.DBInstanceId }));
  return { ReadOnlyDBInstanceId: ids };
}

/** Fields both describe actions share. */
function common(ctx: RdsContext, i: Instance) {
  return {
    DBInstanceId: i.DBInstanceId,
    DBInstanceDescription: i.DBInstanceDescription,
    RegionId: i.RegionId,
    ZoneId: i.ZoneId,
    Engine: i.Engine,
    EngineVersion: i.EngineVersion,
    DBInstanceStatus: i.DBInstanceStatus,
    DBInstanceType: i.DBInstanceType,
    DBInstanceClass: i.DBInstanceClass,
    DBInstanceStorageType: i.DBInstanceStorageType,
    DBInstanceNetType: "Intranet",
    InstanceNetworkType: "VPC",
    ConnectionMode: "Standard",
    ConnectionString: connection(i).host,
    VpcId: i.VpcId,
    VSwitchId: i.VSwitchId,
    PayType: i.PayType,
    LockMode: i.LockMode,
    LockReason: i.LockReason,
    MasterInstanceId: i.MasterInstanceId,
    ExpireTime: "",
    Category: "HighAvailability",
    DeletionProtection: false,
    ResourceGroupId: "rg-acfmemu0000000",
    ReadOnlyDBInstanceIds: readOnlyIds(ctx, i),
  };
}

export function instanceActions(ctx: RdsContext) {
  return {
    DescribeDBInstances(req: DispatchRequest) {
      const p = readParams(req.params, RDS_RULES);
      const regionId = p.required("RegionId");
      const engine = p.optionalChoice("Engine", ENGINES);
      const type = p.optionalChoice("DBInstanceType", INSTANCE_TYPES);
      const status = p.optional("DBInstanceStatus");
      const ids = p.optional("DBInstanceId")?.split(",").map((s) => s.trim());
      if (ids && ids.length > 30) p.reject("DBInstanceId");
      const pageSize = p.optionalInt("PageSize", { min: 1, max: 100 }, 30)!;
      const pageNumber = p.optionalInt("PageNumber", { min: 1, max: INT32_MAX }, 1)!;
      const rows = ctx.state().instances.filter((i) => i.RegionId === regionId
        && (!engine || i.Engine === engine) && (!type || i.DBInstanceType === type)
        && (!status || i.DBInstanceStatus === status) && (!ids || ids.includes(i.DBInstanceId)));
      const page = pageOf(rows, pageNumber, pageSize);
      return {
        Items: { DBInstance: page.map((i) => ({ ...common(ctx, i), CreateTime: isoSeconds(i.createdAt ?? 0), MutriORsignle: false })) },
        PageNumber: pageNumber,
        PageRecordCount: page.length,
        TotalRecordCount: rows.length,
      };
    },

    DescribeDBInstanceAttribute(req: DispatchRequest) {
      const p = readParams(req.params, RDS_RULES);
      const i = findInstance(ctx, p.required("DBInstanceId"));
      if (!i) throw rdsError("instanceIdNotFound");
      return {
        Items: {
          DBInstanceAttribute: [{
            ...common(ctx, i),
            CreationTime: isoSeconds(i.createdAt ?? 0),
            DBInstanceStorage: i.DBInstanceStorage,
            Port: connection(i).port,
            MaintainTime: "18:00Z-22:00Z",
            SecurityIPList: "127.0.0.1",
          }],
        },
      };
    },
  };
}
