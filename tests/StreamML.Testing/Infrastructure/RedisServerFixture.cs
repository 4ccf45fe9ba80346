using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamML.Testing.Infrastructure;

/// <summary>
/// A redis-server of the test's own on a free loopback port, with its data in a temporary folder and the append-only
/// file on (fsync on every write), so <see cref="LocalServerFixture.RestartAsync"/> keeps every acknowledged write.
/// </summary>
public sealed class RedisServerFixture() : LocalServerFixture("redis")
{
    /// <summary>The port the server listens on (stable across restarts).</summary>
    public int Port { get; private set; }

    /// <summary>host:port of the server.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>A StackExchange.Redis configuration string that keeps retrying while the server is down.</summary>
    public string ConnectionString => $"{Endpoint},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    private string LogFile => Path.Combine(DataDirectory, "redis.log");

    /// <inheritdoc />
    protected override void ChoosePorts() => Port = LoopbackPort.GetFree();

    /// <summary>Starts the server on <see cref="Port"/> over the same data folder.</summary>
    public override async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var exe = ServerExecutables.RedisServer();
        Server = ServerProcess.Start(exe,
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

        await Readiness.WaitAsync($"redis-server on {Endpoint}", PingAsync, () => Server.HasExited, DescribeFailure);
    }

    /// <summary>Kills the server with SIGKILL, as a crash would; acknowledged writes survive (fsync always).</summary>
    public async Task KillAsync()
    {
        if (Server is null)
        {
            return;
        }

        Server.Kill();
        await Server.DisposeAsync();
        Server = null;
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

    private string DescribeFailure() => $"{Server?.OutputTail()}{Environment.NewLine}{Readiness.FileTail(LogFile)}";
}
