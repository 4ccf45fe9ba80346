#!/usr/bin/env bash
# Checks the silo's container image settings without a registry (none is reachable to pull the base image from):
# the SDK container properties evaluate to a non-root user, the API, silo and gateway ports, the repository and an
# entry point, and `dotnet publish` (of the build scripts/test.sh made) produces the file that entry point runs.
# Ends with "container: ...".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG="${STREAMML_TEST_CONFIGURATION:-Release}"
project="$ROOT/Silo/StreamML.Silo.csproj"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if ! dotnet msbuild "$project" -nologo -p:Configuration="$CONFIG" -t:ComputeContainerConfig \
    -getProperty:ContainerUser -getProperty:ContainerRepository -getProperty:ContainerImageTags \
    -getProperty:ContainerAppCommandInstruction -getProperty:ContainerWorkingDirectory \
    -getItem:ContainerPort -getItem:ContainerAppCommand -getItem:ContainerEnvironmentVariable > "$out/config.json" 2> "$out/msbuild.err"; then
  cat "$out/config.json" "$out/msbuild.err"
  echo "container: the container properties did not evaluate"
  exit 1
fi

if ! dotnet publish "$project" -c "$CONFIG" --no-build -nologo -v:q -o "$out/publish" > "$out/publish.log" 2>&1; then
  tail -n 20 "$out/publish.log"
  echo "container: dotnet publish failed"
  exit 1
fi

python3 - "$out/config.json" "$out/publish" <<'PY'
import json, os, sys

config = json.load(open(sys.argv[1]))
publish = sys.argv[2]
props, items = config["Properties"], config["Items"]
problems = []
user = props.get("ContainerUser", "")
if not user.isdigit() or int(user) == 0:
    problems.append(f"ContainerUser '{user}' must be a non-zero user id (Kubernetes verifies runAsNonRoot by number)")
if props.get("ContainerRepository") != "streamml/silo":
    problems.append(f"ContainerRepository is '{props.get('ContainerRepository')}', not streamml/silo")
ports = {p["Identity"] for p in items.get("ContainerPort", [])}
for port in ("8080", "11111", "30000"):
    if port not in ports:
        problems.append(f"ContainerPort {port} is not exposed")
command = [c["Identity"] for c in items.get("ContainerAppCommand", [])]
if props.get("ContainerAppCommandInstruction") != "Entrypoint" or len(command) != 2 or command[0] != "dotnet":
    problems.append(f"the entry point is not `dotnet <assembly>`: {props.get('ContainerAppCommandInstruction')} {command}")
elif not os.path.isfile(os.path.join(publish, command[1])):
    problems.append(f"the entry point's {command[1]} is not in the publish output")
env = {e["Identity"]: e.get("Value") for e in items.get("ContainerEnvironmentVariable", [])}
if env.get("ASPNETCORE_URLS") != "http://+:8080":
    problems.append("ASPNETCORE_URLS must listen on port 8080 of every interface")
if not os.path.isfile(os.path.join(publish, "appsettings.json")):
    problems.append("appsettings.json is not in the publish output")
for p in problems:
    print(p)
if problems:
    print("container: the image settings are wrong")
    sys.exit(1)
print(f"container: user {user}, ports {', '.join(sorted(ports, key=int))}, entry point {' '.join(command)}, publish output checked")
PY
