/**
 * The peer's acceptance tests, replayed: the second half (endpoints, backup policies, serverless,
 * Standard Edition, multi-master, 3AZ, TDE, global IP groups, parameter groups, GDN). The method,
 * the translations and the list of what is replayed or skipped are in peer-replay.e2e.test.ts;
 * this file runs its own emulator and stack so jest runs the two halves at once.
 */
import { runReplays } from "../helpers/peer-replay-run";
import { REPLAYS_2 } from "../helpers/peer-replays-2";

jest.setTimeout(30 * 60_000);

runReplays("peer-replay-2", { id: "e2e-replay2-key", secret: "e2e-replay2-SECRET-4b19" }, REPLAYS_2);
