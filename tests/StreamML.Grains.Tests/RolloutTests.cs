using StreamML.Core.Events;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Options;
using StreamML.Grains.Services;
using StreamML.Testing.Models;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

/// <summary>
/// The rollout loop on a two-silo cluster with the real wiring: events scored by the routed versions, labels with known
/// outcomes joined in the entity groups, silo aggregators flushed explicitly (their own timer is set to a minute so
/// only the test's flushes count), the gate promoting or rolling back, routers refreshed explicitly.
/// </summary>
[Trait("Category", "Functional")]
public sealed class RolloutTests
{
    private const int Entities = 1_000;
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddHours(-2);

    [Fact]
    public async Task Rollout_BetterChallengerPromotedThroughRamp_WorseOneRolledBack()
    {
        await using var platform = await PlatformCluster.StartAsync(
            s =>
            {
                s.Host.Source = Silo.Hosting.SourceKind.None;
                s.Model.Rollout.Steps = "10,50,100";
                s.Model.Rollout.MinLabelled = 80;
                s.Model.Rollout.Margin = 0.02;
                s.Model.Rollout.ReportInterval = TimeSpan.FromMinutes(1);

                // Both sides are the same model; this test is about the metric gate, so the wall-clock latency guard is off.
                s.Model.Rollout.MaxLatencyRatio = 0;
            },
            silos: 2);
        var context = platform.AllSilos<PlatformContext>().First();
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var rollout = platform.Grains.GetGrain<IRolloutGrain>(context.ModelName);
        var (draft, artifact) = TestModels.TrainDraft(context, seed: 3, reason: "bootstrap");
        await registry.RegisterAsync(draft, artifact, makeChampion: true);
        var v2 = await registry.RegisterAsync(draft with { Reason = "test" }, artifact, makeChampion: false);

        var started = await rollout.StartAsync(new RolloutRequest { Version = v2.Version }, "api");
        Assert.Equal("running", started.State);
        Assert.Equal(10, started.Percent);
        Assert.Equal(1_000, (await registry.GetRoutingAsync()).CanaryBasisPoints);

        // The challenger is always right, the champion right on 3 events in 5: the gate steps 10 → 50 → champion.
        var round = 0;
        var percents = new List<double>();
        while ((await registry.GetRoutingAsync()).Champion != v2.Version)
        {
            Assert.True(++round <= 12, "the better challenger was not promoted within 12 rounds");
            await platform.RefreshRoutersAsync();
            await RunRoundAsync(platform, context, round, labelFor: (p, i) => p.ModelVersion == v2.Version ? Predicted(p) : i % 5 < 3 ? Predicted(p) : 1 - Predicted(p));
            var status = await rollout.GetStatusAsync();
            percents.Add(status.Percent);
        }

        var promoted = await rollout.GetStatusAsync();
        Assert.Equal("promoted", promoted.State);
        Assert.Equal(["start", "step", "promote"], promoted.Audit.Select(a => a.Action));
        var step = promoted.Audit[1];
        Assert.Equal((10.0, 50.0), (step.FromPercent, step.ToPercent));
        Assert.Equal("auto", step.Actor);
        Assert.Equal(1.0, step.Figures["challenger_accuracy"]);
        Assert.InRange(step.Figures["champion_accuracy"], 0.55, 0.65);
        Assert.True(step.Figures["challenger_count"] >= 80);
        var promote = promoted.Audit[2];
        Assert.Equal((1, v2.Version, "auto"), (promote.FromVersion, promote.ToVersion, promote.Actor));
        Assert.Equal(1.0, promote.Figures["challenger_accuracy"]);
        Assert.True(promoted.Versions[v2.Version]["accuracy"] > 0.99);
        Assert.True(promoted.Labels["matched"] > 0);
        Assert.Equal(ModelStatus.Champion, (await registry.GetVersionsAsync()).Single(v => v.Version == v2.Version).Status);

        // A third version that is always wrong is rolled back by the gate at its first step.
        var v3 = await registry.RegisterAsync(draft with { Reason = "worse" }, artifact, makeChampion: false);
        await rollout.StartAsync(new RolloutRequest { Version = v3.Version, Mode = RolloutMode.Canary, Steps = [20, 100] }, "api");
        while ((await registry.GetRoutingAsync()).Challenger == v3.Version)
        {
            Assert.True(++round <= 24, "the worse challenger was not rolled back within 12 rounds");
            await platform.RefreshRoutersAsync();
            await RunRoundAsync(platform, context, round, labelFor: (p, _) => p.ModelVersion == v3.Version ? 1 - Predicted(p) : Predicted(p));
        }

        var rolledBack = await rollout.GetStatusAsync();
        Assert.Equal("rolled_back", rolledBack.State);
        var rollback = rolledBack.Audit[^1];
        Assert.Equal(("rollback", v3.Version, v2.Version, "auto"), (rollback.Action, rollback.FromVersion, rollback.ToVersion, rollback.Actor));
        Assert.Equal(0.0, rollback.Figures["challenger_accuracy"]);
        Assert.Equal(1.0, rollback.Figures["champion_accuracy"]);
        Assert.StartsWith("worse", rollback.Reason, StringComparison.Ordinal);
        var routing = await registry.GetRoutingAsync();
        Assert.Equal((v2.Version, 0, 0), (routing.Champion, routing.Challenger, routing.CanaryBasisPoints));
        Assert.Equal(ModelStatus.Retired, (await registry.GetVersionsAsync()).Single(v => v.Version == v3.Version).Status);
    }

    [Fact]
    public async Task Rollout_ChallengerSlowerThanTheRatio_RolledBackWithBothP99sAudited()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Model.Rollout.Steps = "10,100";
            s.Model.Rollout.MaxLatencyRatio = 1.5;
            s.Model.Rollout.MinLatencySamples = 1_000;
            s.Model.Rollout.ReportInterval = TimeSpan.FromMinutes(1);
        });
        var context = platform.AllSilos<PlatformContext>().First();
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var rollout = platform.Grains.GetGrain<IRolloutGrain>(context.ModelName);
        var (draft, artifact) = TestModels.TrainDraft(context, seed: 3, reason: "bootstrap");
        await registry.RegisterAsync(draft, artifact, makeChampion: true);
        var v2 = await registry.RegisterAsync(draft with { Reason = "test" }, artifact, makeChampion: false);
        await rollout.StartAsync(new RolloutRequest { Version = v2.Version }, "api");

        // Real scoring first: 1,000 events, about a tenth on the canary, timed where the group scores and reported by the
        // silo; neither side reaches 1,000 calls, so the guard does not act on these wall-clock figures.
        await platform.RefreshRoutersAsync();
        await RunRoundAsync(platform, context, 1, labelFor: (p, _) => Predicted(p));
        var afterRound = await rollout.GetStatusAsync();
        Assert.Equal("running", afterRound.State);
        Assert.InRange(afterRound.StepChampion["latency_count"], 1, 999);
        Assert.InRange(afterRound.StepChallenger["latency_count"], 1, 999);

        // Then a report that makes the challenger deterministically slow: 5,000 calls a side, 2 ms against 8 ms.
        var champion = LatencyHistogram.NewBuckets();
        var challenger = LatencyHistogram.NewBuckets();
        var fast = new LatencyHistogram();
        var slow = new LatencyHistogram();
        for (var i = 0; i < 5_000; i++)
        {
            fast.Record(2_000);
            slow.Record(8_000);
        }

        fast.CopyTo(champion);
        slow.CopyTo(challenger);
        await rollout.ReportAsync(new MetricsReport { ScoringLatency = new() { [1] = champion, [v2.Version] = challenger } });

        var status = await rollout.GetStatusAsync();
        Assert.Equal("rolled_back", status.State);
        var rollback = status.Audit[^1];
        Assert.Equal(("rollback", v2.Version, 1, "auto"), (rollback.Action, rollback.FromVersion, rollback.ToVersion, rollback.Actor));
        Assert.Contains("scoring p99", rollback.Reason, StringComparison.Ordinal);

        // The injected calls dominate both p99s (histogram buckets are within 12.5% of the value recorded) ...
        Assert.InRange(rollback.Figures["champion_latency_p99_ms"], 2.0, 2.25);
        Assert.InRange(rollback.Figures["challenger_latency_p99_ms"], 8.0, 9.0);
        Assert.Equal(1.5, rollback.Figures["max_latency_ratio"]);

        // ... and the calls the silo timed and reported are in the counts too.
        Assert.True(rollback.Figures["champion_latency_count"] > 5_000);
        Assert.True(rollback.Figures["challenger_latency_count"] > 5_000);
        Assert.Equal(rollback.Figures["challenger_latency_p99_ms"], status.StepChallenger["latency_p99_ms"]);
        var routing = await registry.GetRoutingAsync();
        Assert.Equal((1, 0), (routing.Champion, routing.Challenger));
    }

    [Fact]
    public async Task Rollback_WithoutRollout_RestoresThePreviousChampionAndIsAudited()
    {
        await using var platform = await PlatformCluster.StartAsync(s => s.Host.Source = Silo.Hosting.SourceKind.None);
        var context = platform.AllSilos<PlatformContext>().First();
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var rollout = platform.Grains.GetGrain<IRolloutGrain>(context.ModelName);
        var (draft, artifact) = TestModels.TrainDraft(context, seed: 3, reason: "bootstrap");
        await registry.RegisterAsync(draft, artifact, makeChampion: true);
        var v2 = await registry.RegisterAsync(draft, artifact, makeChampion: false);

        await Assert.ThrowsAnyAsync<Exception>(() => rollout.RollbackAsync("api", "nothing to undo"));
        var promoted = await rollout.PromoteAsync(v2.Version, "api", "manual");
        var status = await rollout.RollbackAsync("api", "bad release");

        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);
        Assert.Equal(["promote", "rollback"], status.Audit.Select(a => a.Action));
        Assert.Equal((2, 1, "api", "bad release"), (status.Audit[1].FromVersion, status.Audit[1].ToVersion, status.Audit[1].Actor, status.Audit[1].Reason));
        Assert.Equal("api", promoted.Audit[0].Actor);
        await Assert.ThrowsAnyAsync<Exception>(() => rollout.StartAsync(new RolloutRequest { Version = 1 }, "api"));
        await Assert.ThrowsAnyAsync<Exception>(() => rollout.StartAsync(new RolloutRequest { Version = 2, Steps = [50, 20] }, "api"));
    }

    [Theory]
    [InlineData(AutoRolloutMode.Canary, "running", 500, false)]
    [InlineData(AutoRolloutMode.Shadow, "running", 0, true)]
    [InlineData(AutoRolloutMode.None, "idle", 0, false)]
    public async Task Retraining_NewVersionWithAChampion_StartsTheConfiguredRollout(AutoRolloutMode auto, string state, int basisPoints, bool shadow)
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Model.Rollout.AutoRollout = auto;
            s.Model.Training.Trees = 5;
        });
        var context = platform.AllSilos<PlatformContext>().First();
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var (draft, artifact) = TestModels.TrainDraft(context, seed: 3, reason: "bootstrap");
        await registry.RegisterAsync(draft, artifact, makeChampion: true);
        var examples = TestModels.UniformRows(new Random(9), context.Plan.VectorLength, 400)
            .Select((r, i) => new LabelledExample { Features = r.Row, Label = r.Label, EventTicks = Start.AddSeconds(i).UtcTicks, ModelVersion = 1 })
            .ToArray();
        await platform.Grains.GetGrain<ILabelledExampleGrain>(context.ModelName).AppendAsync(examples);
        var retraining = platform.Grains.GetGrain<IRetrainingGrain>(context.ModelName);

        Assert.True(await retraining.RequestAsync("drift"));
        var run = await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(2));

        Assert.True(run.Completed == 1, run.LastError);
        Assert.Equal(2, run.LastVersion);
        var status = await platform.Grains.GetGrain<IRolloutGrain>(context.ModelName).GetStatusAsync();
        Assert.Equal(state, status.State);
        var routing = await registry.GetRoutingAsync();
        Assert.Equal(1, routing.Champion);
        if (auto == AutoRolloutMode.None)
        {
            Assert.Empty(status.Audit);
            Assert.Equal(0, routing.Challenger);
            return;
        }

        Assert.Equal((2, "auto"), (status.Plan!.Version, status.Plan.Actor));
        Assert.Equal(("start", "auto", 2), (status.Audit[0].Action, status.Audit[0].Actor, status.Audit[0].ToVersion));
        Assert.Equal((2, basisPoints, shadow), (routing.Challenger, routing.CanaryBasisPoints, routing.Shadow));
    }

    [Theory]
    [InlineData("drift: concept error in all v1, ADWIN = 0.3")]
    [InlineData("performance: v1 errs 0.4 live against 0.1 held out")]
    [InlineData("schedule: 500 new examples")]
    public async Task Retraining_AutomaticRequestWhileAVersionIsRolledOut_IsSkipped(string reason)
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Model.Training.Trees = 5;
        });
        var context = platform.AllSilos<PlatformContext>().First();
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var (draft, artifact) = TestModels.TrainDraft(context, seed: 3, reason: "bootstrap");
        await registry.RegisterAsync(draft, artifact, makeChampion: true);
        var (challenger, challengerArtifact) = TestModels.TrainDraft(context, seed: 3, reason: "bootstrap");
        await registry.RegisterAsync(challenger, challengerArtifact, makeChampion: false);
        await platform.Grains.GetGrain<IRolloutGrain>(context.ModelName).StartAsync(new RolloutRequest { Version = 2 }, "test");
        await platform.Grains.GetGrain<ILabelledExampleGrain>(context.ModelName).AppendAsync([.. TestModels.UniformRows(new Random(10), context.Plan.VectorLength, 400)
            .Select((r, i) => new LabelledExample { Features = r.Row, Label = r.Label, EventTicks = Start.AddHours(1).AddSeconds(i).UtcTicks, ModelVersion = 1 })]);
        var retraining = platform.Grains.GetGrain<IRetrainingGrain>(context.ModelName);

        Assert.True(await retraining.RequestAsync(reason));
        var status = await platform.WhenRetrainingIdleAsync(TimeSpan.FromMinutes(2));

        // The live comparison under way decides first; nothing is trained meanwhile.
        Assert.Equal((1, 0), (status.Skipped, status.Completed));
        Assert.Contains("version 2 is being rolled out", status.LastOutcome, StringComparison.Ordinal);
        Assert.Equal(2, (await registry.GetVersionsAsync()).Length);
    }

    private static int Predicted(Prediction p) => p.Probability >= 0.5f ? 1 : 0;

    /// <summary>One event per entity, then a label for each from <paramref name="labelFor"/>, then every silo reports.</summary>
    private static async Task RunRoundAsync(PlatformCluster platform, PlatformContext context, int round, Func<Prediction, int, int> labelFor)
    {
        var groups = context.Entity.Groups;
        var random = new Random(round);
        var time = Start.AddMinutes(round).UtcTicks;
        var events = Enumerable.Range(0, Entities)
            .Select(i => new StreamEvent($"r{round}-e{i}", $"ent-{i:D4}", time, [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()]))
            .GroupBy(e => EntityGroups.GroupOf(e.Entity, groups));
        var predictions = (await Task.WhenAll(events.Select(g => platform.Grains.GetGrain<IEntityGroupGrain>(g.Key).ScoreAsync([.. g.Select(e => EventEnvelope.NotFromLog(e))]).AsTask())))
            .SelectMany(p => p)
            .OrderBy(p => p.Entity, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(Entities, predictions.Count);
        Assert.DoesNotContain(predictions, p => p.IsFallback);

        var labels = predictions.Select((p, i) => new LabelEvent(p.EventId, p.Entity, labelFor(p, i), time))
            .GroupBy(l => EntityGroups.GroupOf(l.Entity, groups));
        var results = await Task.WhenAll(labels.Select(g => platform.Grains.GetGrain<IEntityGroupGrain>(g.Key).OnLabelsAsync([.. g.Select(LabelEnvelope.NotFromLog)]).AsTask()));
        Assert.Equal(Entities, results.Sum(r => r.Matched));
        await platform.FlushMetricsAsync();
    }
}
