/**
 * The provider plugin as the engine runs it: `bin/pulumi-resource-polardb <engine-address>` as a
 * child process, its port read from the first line of stdout, a gRPC client of its
 * ResourceProvider service, and plain-object helpers for Structs (secret envelopes kept as-is).
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { grpc, messages as pb, services, structs } from "../../provider/plugin/proto";

export const PLUGIN = path.resolve(__dirname, "..", "..", "bin", "pulumi-resource-polardb");
export const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
export const secret = (value: unknown) => ({ ...SECRET_SIG, value });

export interface PluginProcess {
  child: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the port line. */
  startupMs: number;
  stderr: () => string;
  call<T = any>(method: string, req: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startPlugin(env: NodeJS.ProcessEnv): Promise<PluginProcess> {
  const started = process.hrtime.bigint();
  const child = spawn(PLUGIN, ["127.0.0.1:1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => { err += d; });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(Number(out.slice(0, nl)));
    });
    child.on("exit", (code) => reject(new Error(`the plugin exited ${code} before printing its port\n${err}`)));
  });
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    child, port, startupMs,
    stderr: () => err,
    call: (method, req) => new Promise((resolve, reject) => client[method](req, (e: Error | null, res: any) => (e ? reject(e) : resolve(res)))),
    async stop() {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill();
        await exited;
      }
    },
  };
}

export const struct = (o: Record<string, unknown>) => structs.Struct.fromJavaScript(o as any);
export const plainOf = (s: any): Record<string, any> => (s ? s.toJavaScript() : undefined);
export { pb };
