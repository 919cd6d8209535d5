/** The public `Node` resource class (its arguments: NodeArgs in ../args.ts, generated from the schema in ../node.ts). */
import * as pulumi from "@pulumi/pulumi";
import { identityInput } from "../../provider/identity";
import { shimProvider } from "../../provider/shim";
import type { NodeArgs } from "../args";
import { slots } from "../common";
import { idPart } from "./id-part";
import { nodeInputs } from "../node";

export type { NodeArgs } from "../args";

const OUTPUTS = ["dbNodeId", "role", "status", "clusterStatus", "creationTime", "hotReplicaMode"] as const;
const SLOTS = slots(nodeInputs, OUTPUTS);

export class Node extends pulumi.dynamic.Resource {
  declare readonly regionId: pulumi.Output<string>;
  declare readonly dbClusterId: pulumi.Output<string>;
  declare readonly dbNodeClass: pulumi.Output<string>;
  declare readonly zoneId: pulumi.Output<string | undefined>;
  /** The node id, `pi-…` (the resource id is `<dbClusterId>:<dbNodeId>`). */
  declare readonly dbNodeId: pulumi.Output<string>;
  /** Writer or Reader, as the cloud reports it (a failover can make a reader the writer). */
  declare readonly role: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly clusterStatus: pulumi.Output<string | undefined>;
  declare readonly creationTime: pulumi.Output<string | undefined>;
  /** "ON": a column-store (IMCI) read-only node. */
  declare readonly imciSwitch: pulumi.Output<string | undefined>;
  /** MySQL: failover with a hot replica, as DescribeDBClusterAttribute reports it. */
  declare readonly hotReplicaMode: pulumi.Output<string | undefined>;

  constructor(name: string, args: NodeArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider("Node"), name, { ...SLOTS, ...args, ...identityInput("Node", name, opts) }, opts, "polardb", "Node");
    // Known whenever the id is (see id-part.ts).
    this.dbNodeId = idPart(this.id, 1);
  }

  /** Reads an existing node without managing it: `Node.get("reader2", "pc-…:pi-…")`. To manage one that exists, declare it with `adopt`. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Node {
    return new Node(name, {} as NodeArgs, { ...opts, id });
  }
}
