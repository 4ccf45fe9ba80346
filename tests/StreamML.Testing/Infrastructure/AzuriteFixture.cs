using System.Globalization;

namespace StreamML.Testing.Infrastructure;

/// <summary>
/// An Azurite (Blob, Queue, Table) of the test's own on free loopback ports, keeping its data in a temporary
/// <c>--location</c> so <see cref="RestartAsync"/> finds it again. Started with <c>--skipApiVersionCheck</c>
/// because the current Azure SDKs ask for service versions newer than Azurite 3 knows.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The well-known development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development account key (public, documented by Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private ServerProcess? _server;

    /// <summary>Blob service port.</summary>
    public int BlobPort { get; private set; }

    /// <summary>Queue service port.</summary>
    public int QueuePort { get; private set; }

    /// <summary>Table service port.</summary>
    public int TablePort { get; private set; }

    /// <summary>The data folder (Azurite's <c>--location</c>).</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("streamml-azurite-").FullName;

    /// <summary>Whether the server is running.</summary>
    public bool IsRunning => _server is { HasExited: false };

    /// <summary>Blob endpoint of the development account.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    /// <summary>Table endpoint of the development account.</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A storage connection string for the development account on this instance's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint={TableEndpoint};";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            BlobPort = LoopbackPort.GetFree();
            QueuePort = LoopbackPort.GetFree();
            TablePort = LoopbackPort.GetFree();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // A port was taken between choosing and binding it: choose others.
            }
        }
    }

    /// <summary>Starts Azurite on the fixture's ports over the same data folder.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        var exe = ServerExecutables.Azurite();
        _server = ServerProcess.Start(exe,
        [
            "--location", DataDirectory,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            "--skipApiVersionCheck",
        ], DataDirectory);

        await Readiness.WaitAsync($"Azurite (blob {BlobPort}, table {TablePort})", ProbeAsync, () => _server.HasExited,
            () => _server?.OutputTail() ?? string.Empty);
    }

    /// <summary>Stops Azurite (SIGTERM lets it persist its metadata; killed if it has not exited after 10 s).</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _server.StopAsync(TimeSpan.FromSeconds(10));
        await _server.DisposeAsync();
        _server = null;
    }

    /// <summary>Stops and starts Azurite on the same ports and data folder.</summary>
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
