#!/usr/bin/env bash
# Builds and lints every Bicep file and parameter file under infra/ offline, with the bicep CLI from its NuGet
# package (cached under .tools/bicep). Fails on any error or warning: infra/bicepconfig.json makes the linter rules
# that matter errors, and anything the compiler or linter prints at all is a failure here.
# Ends with "bicep: N files clean" or the diagnostics and "bicep: N of M files failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/prereqs.sh
source "$ROOT/scripts/lib/prereqs.sh"

if ! ensure_bicep; then
  echo "bicep: could not install the bicep CLI (see .tools/bicep/restore.log)"
  exit 1
fi

# Parameter files read these at build time (prod has no defaults for them); placeholders are enough to type-check.
export STREAMML_IMAGE="${STREAMML_IMAGE:-example.azurecr.io/streamml/silo:check}"
export STREAMML_ACR="${STREAMML_ACR:-example}"
export STREAMML_JWT_AUTHORITY="${STREAMML_JWT_AUTHORITY:-https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0}"
export STREAMML_JWT_AUDIENCE="${STREAMML_JWT_AUDIENCE:-api://streamml}"

count=$(find "$ROOT/infra" -name '*.bicep' -o -name '*.bicepparam' | wc -l)
if [ "$count" -eq 0 ]; then
  echo "bicep: no Bicep files under infra/"
  exit 1
fi

# One process per step (each start of the CLI costs seconds): build every template, build every parameter file, lint all.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
diagnostics=""
for step in "build --pattern infra/**/*.bicep --outdir $out/templates" \
            "build-params --pattern infra/**/*.bicepparam --outdir $out/params" \
            "lint --pattern infra/**/*.bicep*"; do
  # shellcheck disable=SC2086 # the step is a word list on purpose; the patterns are for bicep, not the shell
  printed=$(set -f; "$STREAMML_BICEP" $step 2>&1)
  code=$?
  if [ "$code" -ne 0 ] || [ -n "$printed" ]; then
    diagnostics+="bicep ${step%% *} (exit $code):"$'\n'"$printed"$'\n'
  fi
done

if [ -n "$diagnostics" ]; then
  printf '%s' "$diagnostics" | sed "s|$ROOT/||"
  echo "bicep: errors or warnings in the $count files under infra/"
  exit 1
fi
echo "bicep: $count files clean"
