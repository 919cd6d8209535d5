#!/bin/sh
# Brings a fresh clone to a runnable state: npm dependencies (which include Node.js 22 from the
# npm registry, because @pulumi/pulumi needs Node >= 22 and machines may have 20), the compiled
# dist/, and the Pulumi CLI toolchain (built from the Go module proxy on first use, then cached).
# With the argument `test` (npm test), also the official Python SDK the oracle tests drive (a
# virtualenv from PyPI, cached). Called by `npm test`, `npm run demo` and `npm run bench`; cheap
# when everything is in place.
set -e
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
PATH="$PWD/node_modules/.bin:$PATH"
export PATH
case "$(node --version)" in
  v2[2-9].*|v[3-9][0-9].*) ;;
  *) echo "ensure: node_modules/.bin/node is not Node >= 22 ($(node --version)); delete node_modules and retry" >&2; exit 1 ;;
esac
echo "ensure: compiling TypeScript" >&2
tsc -p tsconfig.json
if [ "${POLARDB_SKIP_TOOLCHAIN:-}" != "1" ]; then
  bash scripts/setup-pulumi.sh >/dev/null
  if [ "${1:-}" = "test" ]; then bash scripts/setup-python-sdk.sh >/dev/null; fi
fi
