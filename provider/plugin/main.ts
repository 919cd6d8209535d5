#!/usr/bin/env node
/**
 * `pulumi-resource-polardb`: the provider plugin. The engine starts it with
 * `[--logtostderr] [-v=N] [--tracing <endpoint>] <engine-address>`, reads the port from the first
 * line of stdout and talks gRPC to it. Nothing else is ever written to stdout; lines for the user
 * go to the engine (on the resource's row) or to stderr.
 */
import "../node-version";
import { useEngineAddress } from "../messages";
import { serve, warm } from "./server";
import { engineArg } from "./main-args";

async function main(): Promise<void> {
  const engine = engineArg(process.argv.slice(2));
  if (engine) useEngineAddress(engine);
  const { port } = await serve();
  process.stdout.write(`${port}\n`);
  setImmediate(warm);
}

main().catch((err) => {
  process.stderr.write(`pulumi-resource-polardb: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
