using System.Globalization;

namespace StreamML.Testing.Infrastructure;

/// <summary>
/// An Azurite (Blob, Queue, Table) of the test's own on free loopback ports, keeping its data in a temporary
/// <c>--location</c> so <see cref="LocalServerFixture.RestartAsync"/> finds it again. Started with <c>--skipApiVersionCheck</c>
/// because the current Azure SDKs ask for service versions newer than Azurite 3 knows.
/// </summary>
public sealed class AzuriteFixture() : LocalServerFixture("azurite")
{
    /// <summary>The well-known development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development account key (public, documented by Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Blob service port.</summary>
    public int BlobPort { get; private set; }

    /// <summary>Queue service port.</summary>
    public int QueuePort { get; private set; }

    /// <summary>Table service port.</summary>
    public int TablePort { get; private set; }

    /// <summary>Blob endpoint of the development account.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    /// <summary>Table endpoint of the development account.</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A storage connection string for the development account on this instance's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint={TableEndpoint};";

    /// <inheritdoc />
    protected override void ChoosePorts()
    {
        BlobPort = LoopbackPort.GetFree();
        QueuePort = LoopbackPort.GetFree();
        TablePort = LoopbackPort.GetFree();
    }

    /// <summary>Starts Azurite on the fixture's ports over the same data folder.</summary>
    public override async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        var exe = ServerExecutables.Azurite();
        Server = ServerProcess.Start(exe,
        [
            "--location", DataDirectory,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            "--skipApiVersionCheck",
        ], DataDirectory);

        await Readiness.WaitAsync($"Azurite (blob {BlobPort}, table {TablePort})", ProbeAsync, () => Server.HasExited,
            () => Server?.OutputTail() ?? string.Empty);
    }

    /// <summary>SIGTERM lets Azurite persist its metadata; it is killed if it has not exited after 10 s.</summary>
    protected override Task StopGracefullyAsync(ServerProcess server) => server.StopAsync(TimeSpan.FromSeconds(10));

    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!await LoopbackPort.AcceptsAsync(TablePort, cancellationToken))
        {
            return false;
        }

        // Any HTTP answer (an unauthenticated list is refused with 403) shows the blob service is serving requests.
        using var response = await Http.GetAsync(new Uri(BlobEndpoint, "?comp=list"), cancellationToken);
        return (int)response.StatusCode is >= 200 and < 500;
    }
}
