# Installs what the tests and scripts need when it is missing. Sourced by scripts/test.sh and scripts/fault-test.sh.
# Every function is idempotent and quiet when the thing is already there.

STREAMML_TOOLS="${STREAMML_TOOLS:-$ROOT/.tools}"

_apt_updated=0
_apt_install() {
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "test.sh: need root or sudo to install $*" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ "$_apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || _apt_install redis-server
  # The distribution starts a redis on 6379; tests start their own on free ports and never use it.
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    _apt_install postgresql
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  export STREAMML_PG_BIN="$PG_BIN"
}

ensure_azurite() {
  if command -v azurite >/dev/null 2>&1; then
    STREAMML_AZURITE="$(command -v azurite)"
  else
    if [ ! -x "$STREAMML_TOOLS/azurite/node_modules/.bin/azurite" ]; then
      mkdir -p "$STREAMML_TOOLS/azurite"
      (cd "$STREAMML_TOOLS/azurite" && npm install --silent --no-fund --no-audit azurite@3 >/dev/null 2>&1)
    fi
    STREAMML_AZURITE="$STREAMML_TOOLS/azurite/node_modules/.bin/azurite"
  fi
  export STREAMML_AZURITE
}

ensure_all_prereqs() {
  ensure_redis
  ensure_postgres
  ensure_azurite
}

# The bicep CLI from its NuGet package (no network installer is reachable): a throwaway project downloads the package
# into .tools/bicep, outside the solution's central package management.
BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
ensure_bicep() {
  local dir="$STREAMML_TOOLS/bicep"
  STREAMML_BICEP="$dir/packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
  if [ ! -x "$STREAMML_BICEP" ]; then
    mkdir -p "$dir"
    # Empty Directory.* files stop MSBuild from importing the repository's own (analyzers, central versions).
    for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo "<Project />" > "$dir/$f"; done
    cat > "$dir/bicep-tool.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
PROJ
    dotnet restore "$dir/bicep-tool.csproj" --packages "$dir/packages" -nologo -v:q >"$dir/restore.log" 2>&1 || return 1
    chmod +x "$STREAMML_BICEP"
  fi
  [ -x "$STREAMML_BICEP" ] || return 1
  export STREAMML_BICEP
}
