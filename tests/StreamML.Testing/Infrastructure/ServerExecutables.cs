namespace StreamML.Testing.Infrastructure;

/// <summary>
/// Finds the server executables the fixtures start, in the places scripts/lib/prereqs.sh installs them: the PATH
/// first, then the tools folder and environment variables that script exports.
/// </summary>
public static class ServerExecutables
{
    private const string InstallHint = "run scripts/test.sh once (it installs redis-server, PostgreSQL and Azurite when missing)";

    /// <summary>The repository root (the folder holding StreamML.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamML.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException($"StreamML.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The redis-server executable.</summary>
    public static string RedisServer() =>
        FindOnPath("redis-server") ?? throw Missing("redis-server", "the PATH");

    /// <summary>The azurite launcher: <c>$STREAMML_AZURITE</c>, the PATH, then <c>.tools/azurite</c> under the repository root.</summary>
    public static string Azurite()
    {
        var fromEnv = Environment.GetEnvironmentVariable("STREAMML_AZURITE");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var onPath = FindOnPath("azurite");
        if (onPath is not null)
        {
            return onPath;
        }

        var local = Path.Combine(RepositoryRoot, ".tools", "azurite", "node_modules", ".bin", "azurite");
        return File.Exists(local) ? local : throw Missing("azurite", $"$STREAMML_AZURITE, the PATH or {local}");
    }

    /// <summary>The folder holding initdb and pg_ctl: <c>$STREAMML_PG_BIN</c>, the PATH, then the newest /usr/lib/postgresql/*/bin.</summary>
    public static string PostgresBin()
    {
        var fromEnv = Environment.GetEnvironmentVariable("STREAMML_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "pg_ctl")))
        {
            return fromEnv;
        }

        var onPath = FindOnPath("pg_ctl");
        if (onPath is not null && File.Exists(Path.Combine(Path.GetDirectoryName(onPath)!, "initdb")))
        {
            return Path.GetDirectoryName(onPath)!;
        }

        const string Root = "/usr/lib/postgresql";
        if (Directory.Exists(Root))
        {
            var newest = Directory.GetDirectories(Root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version(0, 0)))
                .Where(x => File.Exists(Path.Combine(x.Dir, "pg_ctl")) && File.Exists(Path.Combine(x.Dir, "initdb")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return newest.Dir;
            }
        }

        throw Missing("PostgreSQL (initdb, pg_ctl)", "$STREAMML_PG_BIN, the PATH or /usr/lib/postgresql/*/bin");
    }

    /// <summary>The full path of <paramref name="name"/> on the PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static InvalidOperationException Missing(string what, string where) =>
        new($"{what} was not found in {where}: {InstallHint}.");
}
