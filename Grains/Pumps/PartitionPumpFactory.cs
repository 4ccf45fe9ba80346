using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Sources;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>
/// Builds the pumps of a silo: takes the services every pump shares once, and creates a pump for one partition of a
/// source with the store its checkpoints go to.
/// </summary>
public sealed class PartitionPumpFactory
{
    private readonly PumpServices _services;

    /// <summary>Creates the factory from the silo's services.</summary>
    public PartitionPumpFactory(
        IGrainFactory grains,
        IRecordDecoder decoder,
        DeadLetterSink deadLetters,
        PlatformInstruments instruments,
        IOptions<PumpOptions> options,
        TimeProvider time,
        PlatformContext context,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(loggers);
        _services = new PumpServices(grains, decoder, deadLetters, instruments, options.Value, time, context.Entity.Groups, loggers.CreateLogger<PartitionPump>());
    }

    /// <summary>What the pumps share: their options, clock, instruments and log, for the host that restarts them.</summary>
    internal PumpServices Services => _services;

    /// <summary>
    /// Creates the pump of <paramref name="source"/>'s <paramref name="partition"/>, checkpointing to
    /// <paramref name="checkpoints"/>; <paramref name="labelOutcomes"/>, when given, learns what became of each label read.
    /// </summary>
    public IPartitionPump Create(IEventSource source, int partition, ICheckpointStore checkpoints, ILabelOutcomeObserver? labelOutcomes = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoints);
        return new PartitionPump(source, partition, checkpoints, _services, labelOutcomes);
    }
}
