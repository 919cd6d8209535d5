/**
 * Runs `pulumi preview --refresh` through the Pulumi Automation API (the real `pulumi` CLI, found
 * on PATH as the Automation API finds it) and returns its engine events. A preview never writes
 * the state: the refresh it performs is a refresh in preview mode. The stack's backend, secrets
 * passphrase and the cloud credentials come from the environment, as for any pulumi command.
 *
 * Selecting a stack is persisted by the CLI in the workspace; the stack that was selected before
 * is selected again afterwards, so running the check does not switch a developer's stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, EngineEvent, LocalWorkspace, PulumiCommand, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";

export class DriftError extends Error {
  override name = "DriftError";
  /** The stack the error is about, once it is known (reports always name it). */
  constructor(message: string, readonly stackName?: string) {
    super(message);
  }
}

export interface CollectOptions {
  cwd: string;
  stack?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Put the project's selected stack back afterwards (default true; a fleet run does it once per project). */
  restoreSelection?: boolean;
}

export interface Collected {
  stack: string;
  events: EngineEvent[];
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml", "Pulumi.json"];

/** The project directory checked: it must hold a Pulumi project file. */
export function requireProject(cwd: string): void {
  if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) throw new DriftError(`${cwd} is not a directory (--cwd)`);
  if (!PROJECT_FILES.some((f) => fs.existsSync(path.join(cwd, f)))) {
    throw new DriftError(`no Pulumi project in ${cwd} (no Pulumi.yaml): run in the project directory or pass --cwd DIR`);
  }
}

/** The project's workspace through the CLI on PATH. */
export async function workspaceOf(cwd: string): Promise<LocalWorkspace> {
  requireProject(cwd);
  const pulumiCommand = await findPulumi();
  return LocalWorkspace.create({ workDir: cwd, pulumiCommand }).catch((err) => { throw new DriftError(`cannot open the Pulumi project in ${cwd}: ${reasonOf(err)}`); });
}

/** The project's name (Pulumi.yaml) and its stacks in the backend, and the selected one. */
export async function projectStacks(cwd: string): Promise<{ project: string; stacks: string[]; selected?: string }> {
  const ws = await workspaceOf(cwd);
  const settings = await ws.projectSettings().catch((err) => { throw new DriftError(`cannot read the Pulumi project in ${cwd}: ${reasonOf(err)}`); });
  const list = await ws.listStacks().catch((err) => { throw new DriftError(`cannot list the stacks of the project in ${cwd}: ${reasonOf(err)}`); });
  return { project: settings.name, stacks: list.map((s) => s.name).sort(), selected: list.find((s) => s.current)?.name };
}

/** Selects `name` in the project again (after a fleet run), quietly. */
export async function reselect(cwd: string, name: string): Promise<void> {
  const ws = await workspaceOf(cwd);
  await ws.selectStack(name).catch(() => undefined);
}

export async function collect(opts: CollectOptions): Promise<Collected> {
  const log = opts.log ?? (() => undefined);
  const ws = await workspaceOf(opts.cwd);
  const current = (await ws.stack().catch((err) => { throw new DriftError(`cannot list the stacks of the project in ${opts.cwd}: ${reasonOf(err)}`, opts.stack); }))?.name;
  const name = opts.stack ?? current;
  if (!name) throw new DriftError(`no stack is selected for the project in ${opts.cwd}: pass --stack NAME (\`pulumi stack ls\` lists them)`);

  let stack: Stack;
  try {
    stack = await Stack.select(name, ws);
  } catch (err) {
    if (err instanceof StackNotFoundError) {
      throw new DriftError(`stack "${name}" does not exist in this project's backend (\`pulumi stack ls\` in ${opts.cwd} lists the stacks)`, name);
    }
    throw new DriftError(`cannot select stack "${name}": ${reasonOf(err)}`, name);
  }

  const events: EngineEvent[] = [];
  try {
    log(`running pulumi preview --refresh --run-program on stack ${name} (nothing is written to the state)`);
    // --run-program: the refresh reads with the provider configured from the stack config as it
    // is now (rotated credentials, a new profile), not the copy recorded by the last `up`.
    await stack.preview({ refresh: true, runProgram: true, color: "never", onEvent: (e) => { events.push(e); } });
    return { stack: name, events };
  } catch (err) {
    throw new DriftError(`pulumi preview --refresh failed for stack "${name}": ${failureReason(events, err)}`, name);
  } finally {
    if (opts.restoreSelection !== false && current && current !== name) await ws.selectStack(current).catch(() => undefined);
  }
}

async function findPulumi(): Promise<PulumiCommand> {
  try {
    return await PulumiCommand.get();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.code === "ENOENT" || /ENOENT/.test(String(e?.message))) {
      throw new DriftError("the pulumi CLI was not found on PATH: install it (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH");
    }
    throw new DriftError(`the pulumi CLI on PATH cannot be used: ${reasonOf(err)}`);
  }
}

/** The engine's first error diagnostic if there is one (it names the resource and the cause), else the CLI's stderr. */
export function failureReason(events: readonly EngineEvent[], err: unknown): string {
  const diagnostics = events
    .map((e) => e.diagnosticEvent)
    .filter((d): d is NonNullable<EngineEvent["diagnosticEvent"]> => d !== undefined && d.severity === "error")
    .map((d) => `${d.urn ? `${d.urn.slice(d.urn.lastIndexOf("::") + 2)}: ` : ""}${d.message.trim()}`)
    .filter((m) => !/: (preview|update) failed$/.test(m) && m !== "preview failed");
  const unique = [...new Set(diagnostics)];
  // One resource's error says why; the others usually repeat it (bad credentials fail every read).
  if (unique.length) return `${unique[0]}${unique.length > 1 ? ` (and ${unique.length - 1} more error${unique.length > 2 ? "s" : ""})` : ""}`;
  return reasonOf(err);
}

export function reasonOf(err: unknown): string {
  if (err instanceof CommandError) {
    const r = (err as unknown as { commandResult?: { stderr?: string; stdout?: string } }).commandResult;
    const text = (r?.stderr || r?.stdout || err.message).trim();
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    return lines.filter((l) => /^error:/i.test(l)).map((l) => l.replace(/^error:\s*/i, "")).join("; ") || lines.slice(-3).join(" ");
  }
  return err instanceof Error ? err.message : String(err);
}
