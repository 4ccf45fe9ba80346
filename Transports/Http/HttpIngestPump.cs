using Microsoft.Extensions.Hosting;
using StreamML.Core.Sources;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Transports.Http;

/// <summary>Pumps the silo's HTTP ingest queue into entity grains through the same pump every log uses.</summary>
public sealed class HttpIngestPump(HttpIngestSource source, PartitionPumpFactory pumps, ModelRouter router) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await router.Ready.WaitAsync(stoppingToken);
        var pump = pumps.Create(source, 0, new InMemoryCheckpointStore());
        await pump.RunAsync(stoppingToken);
    }
}
