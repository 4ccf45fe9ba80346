using Microsoft.Extensions.Logging;
using StreamML.Core.Events;
using StreamML.Core.Generator;
using StreamML.GrainInterfaces;
using StreamML.Silo.Hosting;
using StreamML.Storage;

namespace StreamML.Silo.Tests;

/// <summary>The in-process hosting API: a source run to its end through the pumps, the figures it leaves, and a drain.</summary>
[Trait("Category", "Functional")]
public sealed class InProcessPlatformTests
{
    private const string Model = "hosting";
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddMinutes(-30);

    private static StreamMLSettings Settings(string data) => new()
    {
        Host = { DataDirectory = data, Source = SourceKind.None, GrainStorage = GrainStorageProvider.Memory, ConsoleProgress = false },
        Schema = GeneratorSchema.Create(Model),
    };

    [Fact]
    public async Task StartSourceAsync_FiniteSource_CompletesOnceEveryEventIsPredicted()
    {
        const int events = 5_000;
        var data = Path.Combine(Path.GetTempPath(), "streamml-hosting-" + Guid.NewGuid().ToString("N"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await using var platform = await InProcessPlatform.StartAsync(Settings(data), logging => logging.ClearProviders(), timeout.Token);
            await platform.WhenReadyAsync(timeout.Token);
            var before = platform.ReadFigures();

            var source = new GeneratorSource(new GeneratorOptions { Entities = 100, Partitions = 2, EventsPerSecond = 0, MaxEvents = events, StartTime = Start }, TimeProvider.System);
            await using (var run = await platform.StartSourceAsync(source, timeout.Token))
            {
                await run.WhenCompletedAsync(timeout.Token);
            }

            // No model is registered: every prediction is a fallback.
            var after = platform.ReadFigures();
            Assert.Equal(events, after.Predictions - before.Predictions);
            Assert.Equal(events, after.Fallbacks - before.Fallbacks);
            Assert.Equal(0, after.ServingVersion);
            Assert.InRange(after.ActiveEntities, 1, 100);
            Assert.False(double.IsNaN(after.LatencyQuantileSince(before, 0.5)));
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task DrainAsync_AfterLabels_EveryJoinedExampleIsInTheStore()
    {
        const int rows = 60;
        var data = Path.Combine(Path.GetTempPath(), "streamml-hosting-" + Guid.NewGuid().ToString("N"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var settings = Settings(data);
            await using var platform = await InProcessPlatform.StartAsync(settings, logging => logging.ClearProviders(), timeout.Token);
            await platform.WhenReadyAsync(timeout.Token);
            for (var i = 0; i < rows; i++)
            {
                var entity = $"m-{i % 7}";
                var group = platform.Grains.For(entity, settings.Entity.Groups);
                var e = new StreamEvent($"d{i}", entity, Start.AddSeconds(i).UtcTicks, [1000, 230, 20, i % 2]);
                await group.ScoreAsync([EventEnvelope.NotFromLog(e)], timeout.Token);
                await group.OnLabelsAsync([LabelEnvelope.NotFromLog(new LabelEvent(e.Id, entity, i % 2, e.TimeTicks))], timeout.Token);
            }

            await platform.DrainAsync(timeout.Token);

            var stats = await platform.Grains.GetGrain<ILabelledExampleGrain>(Model).GetStatsAsync();
            Assert.Equal(rows, stats.Appended);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
