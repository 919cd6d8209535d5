/**
 * The peer's acceptance tests replayed on the provider plugin, first half (clusters, their
 * options, accounts, databases, whitelists, nodes, SSL, …): the same replays as peer-replay.e2e,
 * each step as a YAML program on the package's `pulumi-resource-polardb` (peer-replay-plugin.e2e
 * runs the second half).
 */
import { runReplays } from "../helpers/peer-replay-run";
import { REPLAYS_1 } from "../helpers/peer-replays-1";

jest.setTimeout(30 * 60_000);

runReplays("peer-replay-plugin-1", { id: "e2e-replay-plugin1-key", secret: "e2e-replay-plugin1-SECRET-2a94" }, REPLAYS_1, "plugin");
