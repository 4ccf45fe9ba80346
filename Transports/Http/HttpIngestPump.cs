using Microsoft.Extensions.Hosting;
using StreamML.Core.Sources;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Transports.Http;

/// <summary>
/// Pumps the silo's HTTP ingest queue into entity grains through the same pump every log uses, and tells the queue what
/// became of each label so the requests waiting for them can answer.
/// </summary>
public sealed class HttpIngestPump(HttpIngestSource source, PartitionPumpFactory pumps, ModelRouter router) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await router.Ready.WaitAsync(stoppingToken);
            var pump = pumps.Create(source, 0, new InMemoryCheckpointStore(), labelOutcomes: source);
            await pump.RunAsync(stoppingToken);
        }
        finally
        {
            // Labels still queued, or read but never sent, will not be applied by this pump: their requests answer now.
            source.Close();
        }
    }
}
