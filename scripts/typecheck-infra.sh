#!/usr/bin/env bash
# Type-checks sst.config.ts and infra/**/*.ts against SST's real platform types, offline.
#
# SST's component types are not in the npm package itself: `sst install` writes them to
# .sst/platform (config.d.ts, the component sources, @pulumi/aws), fetching only from the npm
# registry. That needs no AWS account and no credentials. It runs when those types are missing
# or were installed by another SST version than node_modules/sst; otherwise they are reused.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
bin=node_modules/.bin
platform=.sst/platform

if [ ! -x "$bin/sst" ] || [ ! -x "$bin/tsc" ]; then
  echo "typecheck-infra: run npm install first (sst and typescript are dev dependencies)" >&2
  exit 1
fi

wanted=$(node -p 'require("./node_modules/sst/package.json").version')
installed=$(cat "$platform/version" 2>/dev/null || true)

if [ ! -f "$platform/config.d.ts" ] || [ "$installed" != "$wanted" ]; then
  echo "typecheck-infra: installing SST $wanted platform types into $platform (offline, stage ci)"
  # No Bun (SST would download it), no dependency check, no telemetry (no network for it here).
  log=$(mktemp)
  if ! SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 \
    "$bin/sst" install --stage ci >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "typecheck-infra: sst install failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  if [ ! -f "$platform/config.d.ts" ]; then
    echo "typecheck-infra: sst install did not write $platform/config.d.ts" >&2
    exit 1
  fi
fi

"$bin/tsc" -p tsconfig.infra.json
echo "typecheck-infra: sst.config.ts and infra/ match SST $wanted's types ($((SECONDS - started)) s)"
