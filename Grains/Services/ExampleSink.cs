using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Services;

/// <summary>The silo's queue of labelled examples (predictions joined with their labels), appended to the model's example store in batches.</summary>
public sealed class ExampleSink(IGrainFactory grains, PlatformContext context, TimeProvider time, ILogger<ExampleSink> logger)
    : BatchingSink<LabelledExample>(200_000, time, logger)
{
    /// <inheritdoc />
    protected override Task DeliverAsync(LabelledExample[] batch) => grains.GetGrain<ILabelledExampleGrain>(context.ModelName).AppendAsync(batch);
}
