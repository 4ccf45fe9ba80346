using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Services;

/// <summary>The silo's queue of labelled examples (predictions joined with their labels), appended to the model's example store in batches.</summary>
public sealed class ExampleSink(IGrainFactory grains, PlatformContext context, PlatformInstruments instruments, TimeProvider time, ILogger<ExampleSink> logger)
    : BatchingSink<LabelledExample>("examples", 200_000, instruments, time, logger)
{
    /// <inheritdoc />
    protected override Task DeliverAsync(LabelledExample[] batch) => grains.GetGrain<ILabelledExampleGrain>(context.ModelName).AppendAsync(batch);
}
