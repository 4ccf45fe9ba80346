using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StreamML.Storage;

namespace StreamML.Testing.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own: <c>initdb</c> in a temporary folder (as the <c>postgres</c> user when the
/// tests run as root, since PostgreSQL refuses to run as root), <c>pg_ctl start</c> on a free loopback port with the
/// socket in that folder, a database created, and the Orleans ADO.NET schema applied to it.
/// </summary>
/// <remarks>Projects that include this file need Npgsql and a reference to StreamML.Silo (for the schema).</remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The database the fixture creates.</summary>
    public const string Database = "streamml";

    private const int StartAttempts = 3;
    private const string PostgresUser = "postgres";
    private int _postmasterPid;

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The temporary folder holding the cluster, its socket and its log.</summary>
    public string RootDirectory { get; } = Directory.CreateTempSubdirectory("streamml-pg-").FullName;

    /// <summary>Connection string of the created database (trust authentication on loopback).</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    private string DataDirectory => Path.Combine(RootDirectory, "db");

    private string LogFile => Path.Combine(RootDirectory, "postgres.log");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={PostgresUser};Database={database};Pooling=true;Timeout=5;Include Error Detail=true";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var bin = ServerExecutables.PostgresBin();
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", $"{PostgresUser}:", RootDirectory], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", PostgresUser, "--no-sync", "-E", "UTF8", "--locale=C"], asPostgres: IsRoot);

        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.GetFree();
            try
            {
                await StartAsync(bin);
                break;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // The port was taken between choosing and binding it: choose another.
            }
        }

        await using (var admin = new NpgsqlConnection(ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await PostgresOrleansSchema.ApplyAsync(ConnectionString);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_postmasterPid > 0)
        {
            try
            {
                await RunAsync(Path.Combine(ServerExecutables.PostgresBin(), "pg_ctl"),
                    ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"], asPostgres: IsRoot);
            }
            catch (InvalidOperationException)
            {
                // pg_ctl could not stop it; fall back to the postmaster's pid below.
            }

            if (IsAlive(_postmasterPid))
            {
                ServerProcess.SendSignal(_postmasterPid, 9);
            }
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task StartAsync(string bin)
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        // fsync off: these clusters are thrown away after the run, and it makes start-up and writes much faster.
        var serverOptions = $"-p {port} -k {RootDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        try
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"),
                ["-D", DataDirectory, "-o", serverOptions, "-l", LogFile, "-w", "-t", "30", "start"], asPostgres: IsRoot);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}{Readiness.FileTail(LogFile)}", ex);
        }

        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        _postmasterPid = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);

        await Readiness.WaitAsync($"PostgreSQL on 127.0.0.1:{port}", SelectOneAsync, () => !IsAlive(_postmasterPid),
            () => Readiness.FileTail(LogFile));
    }

    private async Task<bool> SelectOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(PostgresUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Readiness.Timeout + TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} did not finish in time.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{await stdout}{await stderr}");
        }
    }
}
