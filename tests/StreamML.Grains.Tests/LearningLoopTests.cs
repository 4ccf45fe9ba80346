using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StreamML.Core.Events;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;
using StreamML.Storage;
using StreamML.Testing.Platform;

namespace StreamML.Grains.Tests;

/// <summary>
/// The whole learning loop with nobody's hand on it, on a fake platform clock: labels train the first version; a shift of
/// the input and of the concept is detected, retrained on, rolled out as a canary and promoted; a burst of wrong labels
/// is detected as concept drift, and the version trained on it is rolled back once labels are right again. Every report
/// is made by the test (the silo's own report timers are further apart than the test's clock ever moves), so each run
/// takes the same decisions.
/// </summary>
[Trait("Category", "Functional")]
public sealed class LearningLoopTests
{
    private const int Entities = 200;
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow().AddHours(-1);

    [Fact]
    public async Task Loop_DriftRetrainsAndPromotes_ABadRetrainIsRolledBack()
    {
        var clock = new FakeTimeProvider(Start);
        await using var platform = await PlatformCluster.StartAsync(
            s =>
            {
                s.Host.Source = Silo.Hosting.SourceKind.None;
                s.Host.GrainStorage = GrainStorageProvider.Memory;
                s.Schema = Schema();
                s.Model.BootstrapExamples = 400;
                s.Model.TrainingWindow = 400;
                s.Model.MinNewExamples = 400;
                s.Model.Training.Trees = 20;
                s.Model.Rollout.Steps = "25,100";
                s.Model.Rollout.MinLabelled = 100;

                // Decisions must follow from the labels alone; real scoring timings on a shared machine would not.
                s.Model.Rollout.MaxLatencyRatio = 0;
                s.Model.Rollout.ReportInterval = TimeSpan.FromMinutes(1);
                s.Drift.ReportInterval = TimeSpan.FromHours(1);
                s.Drift.Monitor.ReferenceSize = 400;
                s.Drift.Monitor.WindowSize = 400;
                s.Drift.Monitor.MinimumCurrent = 200;
                s.Drift.Monitor.Cooldown = TimeSpan.FromSeconds(5);
            },
            services: s => s.AddKeyedSingleton<TimeProvider>(PlatformContext.ClockKey, clock));
        var context = platform.AllSilos<PlatformContext>().Single();
        Assert.Same(clock, context.Time);
        var model = context.ModelName;
        var registry = platform.Grains.GetGrain<IModelRegistryGrain>(model);
        var rollout = platform.Grains.GetGrain<IRolloutGrain>(model);
        var retraining = platform.Grains.GetGrain<IRetrainingGrain>(model);
        var loop = new Loop(platform, context, clock);

        // Regime A: x ~ N(0, 1), label x > 0. The first 400 labels bootstrap version 1.
        var round = 0;
        while ((await registry.GetRoutingAsync()).Champion == 0)
        {
            Assert.True(++round <= 5, "no first version after 5 rounds");
            await loop.RoundAsync(round, shift: 0, concept: x => x > 0);
        }

        Assert.Equal(1, (await registry.GetRoutingAsync()).Champion);
        for (var i = 0; i < 3; i++)
        {
            await loop.RoundAsync(++round, shift: 0, concept: x => x > 0);
        }

        // Regime B: x ~ N(2, 1), label x > 2. Version 1 is wrong on half of it; drift leads to version 2, which is
        // rolled out and promoted without any call but the test's reports.
        var shiftedAt = round + 1;
        while ((await registry.GetRoutingAsync()).Champion != 2)
        {
            Assert.True(++round <= shiftedAt + 12, "version 2 was not promoted within 12 rounds of the shift");
            await loop.RoundAsync(round, shift: 2, concept: x => x > 2);
        }

        var versions = await registry.GetVersionsAsync();
        var v2 = versions.Single(v => v.Version == 2);
        // Version 1 held out no errors: its live errors on regime B are a performance shortfall as well as a drift, and
        // whichever the monitor reports first starts the run.
        Assert.Matches("^(drift|performance): ", v2.Reason);
        Assert.Equal(1, v2.ParentVersion);
        Assert.True(v2.Metrics["accuracy"] > v2.Metrics["champion_accuracy"], $"held-out: v2 {v2.Metrics["accuracy"]} vs v1 {v2.Metrics["champion_accuracy"]}");
        var promoted = await rollout.GetStatusAsync();
        Assert.Equal(["start", "promote"], promoted.Audit.Select(a => a.Action));
        Assert.All(promoted.Audit, a => Assert.Equal("auto", a.Actor));
        Assert.True(promoted.Audit[1].Figures["challenger_accuracy"] > promoted.Audit[1].Figures["champion_accuracy"]);

        var drift = await platform.Grains.GetGrain<IDriftMonitorGrain>($"{model}/all").GetAsync();
        var first = drift.Detections.First(d => d.Version == 1);
        Assert.InRange(first.At, Start.AddSeconds(shiftedAt), Start.AddSeconds(round));

        // A burst of inverted labels: concept drift on version 2's errors starts a run on the burst's examples.
        for (var i = 0; i < 3; i++)
        {
            await loop.RoundAsync(++round, shift: 2, concept: x => x > 2);
        }

        var burstAt = round + 1;
        while ((await registry.GetVersionsAsync()).Length < 3)
        {
            Assert.True(++round <= burstAt + 4, "the label burst did not lead to a new version within 4 rounds");
            await loop.RoundAsync(round, shift: 2, concept: x => x <= 2);
        }

        var v3 = (await registry.GetVersionsAsync()).Single(v => v.Version == 3);
        Assert.Matches("^(drift: concept|performance: v2) ", v3.Reason);
        Assert.Equal(3, (await registry.GetRoutingAsync()).Challenger);

        // The labels are right again: version 3 loses to the champion on live traffic and the gate rolls it back.
        var recoveredAt = round + 1;
        while ((await registry.GetRoutingAsync()).Challenger == 3)
        {
            Assert.True(++round <= recoveredAt + 8, "version 3 was not rolled back within 8 rounds");
            await loop.RoundAsync(round, shift: 2, concept: x => x > 2);
        }

        var final = await rollout.GetStatusAsync();
        var rollback = final.Audit[^1];
        Assert.Equal(("rollback", 3, 2, "auto"), (rollback.Action, rollback.FromVersion, rollback.ToVersion, rollback.Actor));
        Assert.StartsWith("worse", rollback.Reason, StringComparison.Ordinal);
        Assert.True(rollback.Figures["challenger_accuracy"] < rollback.Figures["champion_accuracy"]);
        Assert.Equal(2, (await registry.GetRoutingAsync()).Champion);
        Assert.Equal(ModelStatus.Retired, (await registry.GetVersionsAsync()).Single(v => v.Version == 3).Status);
        var status = await retraining.GetStatusAsync();
        Assert.Equal(3, status.Completed);
        Assert.Equal(0, status.Failed);
        Assert.Equal(1, status.Triggers["bootstrap"]);
        Assert.True(status.Triggers.GetValueOrDefault("drift") + status.Triggers.GetValueOrDefault("performance") >= 2, string.Join(", ", status.Triggers));
    }

    [Fact]
    public async Task Cancel_RunUnderWay_EndsCancelledAndRegistersNothing()
    {
        await using var platform = await PlatformCluster.StartAsync(s =>
        {
            s.Host.Source = Silo.Hosting.SourceKind.None;
            s.Host.GrainStorage = GrainStorageProvider.Memory;
            s.Schema = Schema();
            s.Model.BootstrapExamples = 20_000;
            s.Model.Training.Trees = 2_000;
        });
        var context = platform.AllSilos<PlatformContext>().Single();
        var random = new Random(4);
        var examples = Enumerable.Range(0, 5_000).Select(i =>
        {
            var x = (float)Loop.Gaussian(random);
            return new LabelledExample { Features = [x, (float)random.NextDouble()], Label = x > 0 ? 1 : 0, EventTicks = Start.AddSeconds(i).UtcTicks };
        }).ToArray();
        await platform.Grains.GetGrain<ILabelledExampleGrain>(context.ModelName).AppendAsync(examples);
        var retraining = platform.Grains.GetGrain<IRetrainingGrain>(context.ModelName);

        Assert.False(await retraining.CancelAsync("nothing to cancel"));
        Assert.True(await retraining.RequestAsync("api"));
        Assert.True(await retraining.CancelAsync("operator"));
        var status = await retraining.WaitAsync();

        Assert.False(status.Running);
        Assert.Equal((1, 0, 0), (status.Cancelled, status.Completed, status.Failed));
        Assert.Equal("cancelled: operator", status.LastOutcome);
        Assert.Empty(await platform.Grains.GetGrain<IModelRegistryGrain>(context.ModelName).GetVersionsAsync());
    }

    private static FeatureSchema Schema()
    {
        var schema = new FeatureSchema { Model = "loop", MaxEventAge = null };
        schema.Features.Add(new FeatureDefinition { Name = "x" });
        schema.Features.Add(new FeatureDefinition { Name = "noise" });
        return schema;
    }

    /// <summary>One event per entity, its label at once, then every report a silo makes, then the routers.</summary>
    private sealed class Loop(PlatformCluster platform, PlatformContext context, FakeTimeProvider clock)
    {
        public async Task RoundAsync(int round, double shift, Func<double, bool> concept)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var random = new Random(round);
            var time = Start.AddSeconds(round).UtcTicks;
            var groups = context.Entity.Groups;
            var events = Enumerable.Range(0, Entities)
                .Select(i => new StreamEvent($"r{round}-e{i}", $"ent-{i:D3}", time, [(float)(shift + Gaussian(random)), (float)random.NextDouble()]))
                .ToList();
            var predictions = (await Task.WhenAll(events.GroupBy(e => EntityGroups.GroupOf(e.Entity, groups))
                    .Select(g => platform.Grains.GetGrain<IEntityGroupGrain>(g.Key).ScoreAsync([.. g.Select(e => EventEnvelope.NotFromLog(e))]).AsTask())))
                .SelectMany(p => p)
                .ToDictionary(p => p.EventId, StringComparer.Ordinal);
            Assert.Equal(Entities, predictions.Count);

            var labels = events.Select(e => new LabelEvent(e.Id, e.Entity, concept(e.Values[0]) ? 1 : 0, time));
            var joined = await Task.WhenAll(labels.GroupBy(l => EntityGroups.GroupOf(l.Entity, groups))
                .Select(g => platform.Grains.GetGrain<IEntityGroupGrain>(g.Key).OnLabelsAsync([.. g.Select(LabelEnvelope.NotFromLog)]).AsTask()));
            Assert.Equal(Entities, joined.Sum(r => r.Matched));

            await platform.DrainAsync(TimeSpan.FromMinutes(2));
        }

        internal static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
