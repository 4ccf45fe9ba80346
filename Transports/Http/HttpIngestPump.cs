using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Sources;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Transports.Http;

/// <summary>Pumps the silo's HTTP ingest queue into entity grains through the same pump every log uses.</summary>
public sealed class HttpIngestPump(
    HttpIngestSource source,
    IGrainFactory grains,
    IRecordDecoder decoder,
    DeadLetterSink deadLetters,
    PlatformInstruments instruments,
    IOptions<PumpOptions> options,
    TimeProvider time,
    ModelRouter router,
    PlatformContext context,
    ILogger<HttpIngestPump> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await router.Ready.WaitAsync(stoppingToken);
        var pump = new PartitionPump(source, 0, new InMemoryCheckpointStore(), grains, decoder, deadLetters, instruments, options.Value, time, context.Entity.Groups, logger);
        await pump.RunAsync(stoppingToken);
    }
}
