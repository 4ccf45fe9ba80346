using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamML.Testing.Infrastructure;

/// <summary>
/// A redis-server of the test's own on a free loopback port, with its data in a temporary folder and the append-only
/// file on (fsync on every write), so <see cref="RestartAsync"/> keeps every acknowledged write.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private const int StartAttempts = 3;
    private ServerProcess? _server;

    /// <summary>The port the server listens on (stable across restarts).</summary>
    public int Port { get; private set; }

    /// <summary>The data folder (append-only file, log).</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("streamml-redis-").FullName;

    /// <summary>host:port of the server.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>A StackExchange.Redis configuration string that keeps retrying while the server is down.</summary>
    public string ConnectionString => $"{Endpoint},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    /// <summary>Whether the server is running.</summary>
    public bool IsRunning => _server is { HasExited: false };

    private string LogFile => Path.Combine(DataDirectory, "redis.log");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.GetFree();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // Most likely the port was taken between choosing and binding it: choose another.
            }
        }
    }

    /// <summary>Starts the server on <see cref="Port"/> over the same data folder.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var exe = ServerExecutables.RedisServer();
        _server = ServerProcess.Start(exe,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--dir", DataDirectory,
            "--logfile", LogFile,
            "--daemonize", "no",
        ], DataDirectory);

        await Readiness.WaitAsync($"redis-server on {Endpoint}", PingAsync, () => _server.HasExited, DescribeFailure);
    }

    /// <summary>Stops the server cleanly (SIGTERM: Redis flushes the append-only file and exits).</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _server.DisposeAsync();
        _server = null;
    }

    /// <summary>Kills the server with SIGKILL, as a crash would; acknowledged writes survive (fsync always).</summary>
    public async Task KillAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Kill();
        await _server.DisposeAsync();
        _server = null;
    }

    /// <summary>Stops and starts the server on the same port and data folder.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var n = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
    }

    private string DescribeFailure() => $"{_server?.OutputTail()}{Environment.NewLine}{Readiness.FileTail(LogFile)}";
}
