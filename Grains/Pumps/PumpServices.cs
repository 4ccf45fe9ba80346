using Microsoft.Extensions.Logging;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>What every pump of a silo shares, handed to each part of a pump by the <see cref="PartitionPumpFactory"/>.</summary>
/// <param name="Grains">Reaches the entity groups.</param>
/// <param name="Decoder">Turns source records into events, labels or dead letters.</param>
/// <param name="DeadLetters">Takes what cannot be applied.</param>
/// <param name="Instruments">The platform's counters.</param>
/// <param name="Options">Batch size, calls in flight, checkpoint interval, backoff.</param>
/// <param name="Time">The pump's clock: backoff waits and checkpoint intervals.</param>
/// <param name="Groups">How many entity groups entities hash to.</param>
/// <param name="Logger">The pumps' log.</param>
internal sealed record PumpServices(
    IGrainFactory Grains,
    IRecordDecoder Decoder,
    DeadLetterSink DeadLetters,
    PlatformInstruments Instruments,
    PumpOptions Options,
    TimeProvider Time,
    int Groups,
    ILogger Logger);
