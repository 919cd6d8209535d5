/** The engine's address: the last argument that is not a flag (or a flag's value). */
export function engineArg(argv: readonly string[]): string | undefined {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--tracing") { i++; continue; }
    if (a.startsWith("-")) continue;
    rest.push(a);
  }
  return rest[rest.length - 1];
}
