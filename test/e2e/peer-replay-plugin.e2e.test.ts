/**
 * The peer's acceptance tests replayed on the provider plugin: the same replays as
 * peer-replay-2.e2e (endpoints, backup policies, serverless, Standard Edition, multi-master, 3AZ,
 * TDE, global IP groups, parameter groups, GDN), each step as a YAML program on the package's
 * `pulumi-resource-polardb`: the plugin plans what the peer plans (its detailed diff, replaces
 * and stables), up converges, the next preview is empty, refresh reads all back, destroy.
 */
import { runReplays } from "../helpers/peer-replay-run";
import { REPLAYS_2 } from "../helpers/peer-replays-2";

jest.setTimeout(30 * 60_000);

runReplays("peer-replay-plugin", { id: "e2e-replay-plugin-key", secret: "e2e-replay-plugin-SECRET-8c07" }, REPLAYS_2, "plugin");
