using StreamML.Core.Events;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Testing.Models;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

[Trait("Category", "Functional")]
public sealed class ModelLifecycleTests
{
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddMinutes(-30);

    [Fact]
    public async Task Bootstrap_EnoughLabels_TrainsVersionOneAndEveryEntityGetsIt()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Generator = new GeneratorOptions { Entities = 300, Partitions = 2, EventsPerSecond = 0, MaxEvents = 6_000, StartTime = Start, LabelDelay = TimeSpan.FromSeconds(1) };
            s.Model.BootstrapExamples = 1_000;
            s.Model.Training.Trees = 20;
        });
        var model = platform.Settings.Schema.Model;
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(model);

        // Once the stream is applied and its labels stored, the bootstrap run has been asked for: its end is version 1.
        await platform.WhenSourceDrainedAsync(TimeSpan.FromMinutes(3));
        await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);
        Assert.All(platform.AllSilos<ModelRouter>(), r => Assert.Equal(1, r.Current.Champion?.Info.Version));

        var versions = await registry.GetVersionsAsync();
        var v1 = Assert.Single(versions);
        Assert.Equal(ModelStatus.Champion, v1.Status);
        Assert.Equal("bootstrap", v1.Reason);
        Assert.True(v1.TrainingExamples >= 800, $"trained on {v1.TrainingExamples}");
        Assert.Contains("auc", v1.Metrics.Keys);

        var events = new[] { new StreamEvent("probe-1", "meter-000007", Start.AddHours(1).UtcTicks, [900, 231, 19, 0.4f]) };
        var predictions = await platform.Grains.For("meter-000007", platform.Settings.Entity.Groups).ScoreAsync([.. events.Select(e => EventEnvelope.NotFromLog(e))]);
        var prediction = Assert.Single(predictions);
        Assert.False(prediction.IsFallback);
        Assert.Equal(1, prediction.ModelVersion);
        Assert.Equal(PredictionRoute.Champion, prediction.Route);
        Assert.InRange(prediction.Probability, 0f, 1f);
    }

    [Fact]
    public async Task Registry_RefusesArtefactsThatCannotServe_AndRoutersRefuseCorruptVersions()
    {
        await using var platform = await PlatformCluster.StartAsync(s => s.Host.Source = Silo.Hosting.SourceKind.None);
        var context = platform.AllSilos<PlatformContext>().First();
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var (draft, artifact) = TestModels.TrainDraft(context, seed: 11, labelColumn: 1);

        // Garbage never becomes a version.
        var garbage = await Assert.ThrowsAnyAsync<Exception>(() => registry.RegisterAsync(draft, "not a model"u8.ToArray(), makeChampion: true));
        Assert.Contains("not a loadable ML.NET model", garbage.Message, StringComparison.Ordinal);

        // A model trained for another schema is refused by name of both hashes.
        var other = await Assert.ThrowsAnyAsync<Exception>(() => registry.RegisterAsync(draft with { SchemaHash = "0123456789abcdef" }, artifact, makeChampion: true));
        Assert.Contains("0123456789abcdef", other.Message, StringComparison.Ordinal);
        Assert.Empty(await registry.GetVersionsAsync());

        var v1 = await registry.RegisterAsync(draft, artifact, makeChampion: true);
        var v2 = await registry.RegisterAsync(draft, artifact, makeChampion: false);
        foreach (var router in platform.AllSilos<ModelRouter>())
        {
            await router.RefreshAsync();
            Assert.Equal(1, router.Current.Champion?.Info.Version);
        }

        // Corrupt version 2 on disk, then promote it: routers keep serving version 1 rather than load a corrupt model.
        var zip = Path.Combine(platform.DataDirectory, "models", context.ModelName, "v000002", "model.zip");
        var bytes = await File.ReadAllBytesAsync(zip);
        bytes[bytes.Length / 3] ^= 0x5A;
        await File.WriteAllBytesAsync(zip, bytes);
        await registry.PromoteAsync(v2.Version, "test");
        foreach (var router in platform.AllSilos<ModelRouter>())
        {
            await router.RefreshAsync();
            Assert.Equal(2, router.Current.Routing.Champion);
            Assert.Equal(v1.Version, router.Current.Champion?.Info.Version);
        }

        var cache = platform.AllSilos<ModelCache>().First();
        var refused = await Assert.ThrowsAsync<ModelRejectedException>(() => cache.GetAsync(context.ModelName, 2));
        Assert.Contains("is corrupt", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LateEvents_AreDeadLetteredWithTheirReason()
    {
        await using var platform = await PlatformCluster.StartAsync(s => s.Host.Source = Silo.Hosting.SourceKind.None);
        var groups = platform.Settings.Entity.Groups;
        var now = TimeProvider.System.GetUtcNow();
        var group = platform.Grains.For("m-late", groups);

        var result = await group.ApplyAsync(
            Guid.Empty,
            [
                EventEnvelope.NotFromLog(new StreamEvent("on-time", "m-late", now.UtcTicks, [1000, 230, 20, 0.5f])),
                EventEnvelope.NotFromLog(new StreamEvent("too-late", "m-late", now.AddHours(-1).UtcTicks, [1000, 230, 20, 0.5f])),
            ],
            []);
        await platform.FlushSinksAsync();

        Assert.Equal(1, result.Scored);
        Assert.Equal(1, result.Late);
        var page = await platform.Grains.GetGrain<IDeadLetterGrain>(0).QueryAsync("LateEvent", 0, 10);
        var letter = Assert.Single(page.Items);
        Assert.Equal("too-late", letter.EventId);
        Assert.Equal("m-late", letter.Entity);
        Assert.Contains("watermark", letter.Message, StringComparison.Ordinal);
        var snapshot = await group.GetAsync("m-late");
        Assert.Equal(1, snapshot.Events);
        Assert.Equal(1, snapshot.LateRejected);
    }
}
