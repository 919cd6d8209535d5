/**
 * Loaded first by every entry point: undici (the HTTP client) needs Node.js >= 22.19 and fails
 * deep inside itself on older versions ("Cannot read properties of undefined (reading 'bind')").
 * Say it in one line instead, before anything else loads.
 */
export const MIN_NODE = "22.19.0";

/** The one-line reason this Node.js version cannot run the package, or undefined. */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  const [major, minor] = version.split(".").map(Number);
  const [needMajor, needMinor] = MIN_NODE.split(".").map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `pulumi-polardb needs Node.js >= ${MIN_NODE} (its HTTP client, undici, does); this is Node.js ${version}. `
    + "Install a newer Node.js (nodejs.org, nvm, or your package manager) and run the command again.";
}

const problem = nodeVersionProblem();
if (problem) {
  // Our commands (polardb-drift, polardb-emulator) print the line and exit; a program gets an error.
  if (/[\\/](drift|emulator)[\\/]cli\.js$/.test(require.main?.filename ?? "")) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  const err = new Error(problem);
  err.stack = `Error: ${problem}`; // one line: the stack would only point into this file
  throw err;
}
