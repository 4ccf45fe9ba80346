using System.Security.Cryptography;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Hashing;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Entities;

/// <summary>
/// The entity group's batch logic without Orleans: routing by canary bucket, the canary counts, replays and late events,
/// label outcomes with each task's error, class probabilities scored again at the label, and the one outcome per batch.
/// </summary>
[Trait("Category", "BVT")]
public sealed class EntityGroupProcessorTests
{
    private const string Model = "m";
    private const int CanaryShare = 5_000;
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    // Entities whose stable canary bucket falls inside and outside the first half of the buckets.
    private static readonly string InShare = Enumerable.Range(0, 1_000).Select(i => $"in-{i}").First(e => EntityHash.CanaryBucket(e) < CanaryShare);
    private static readonly string OutOfShare = Enumerable.Range(0, 1_000).Select(i => $"out-{i}").First(e => EntityHash.CanaryBucket(e) >= CanaryShare);

    private static readonly Lazy<(FeaturePlan Plan, ScoringModel V1, ScoringModel V2)> Binary = new(() =>
    {
        var plan = PlanOf(ModelTask.BinaryClassification);
        return (plan, Train(plan, 1, x => x > 0 ? 1 : 0), Train(plan, 2, x => x > 0.3 ? 1 : 0));
    });

    private static readonly Lazy<(FeaturePlan Plan, ScoringModel V1)> Multiclass = new(() =>
    {
        var plan = PlanOf(ModelTask.MulticlassClassification);
        return (plan, Train(plan, 1, x => x < -0.5 ? 0 : x < 0.5 ? 2 : 5));
    });

    private static FeaturePlan PlanOf(ModelTask task) => FeaturePlan.Compile(new FeatureSchema
    {
        Model = Model,
        Task = task,
        Features = [new FeatureDefinition { Name = "x" }, new FeatureDefinition { Name = "noise" }],
    });

    private static ScoringModel Train(FeaturePlan plan, int version, Func<double, float> labelOf)
    {
        var random = new Random(version);
        var set = new TrainingSet(plan.VectorLength);
        for (var i = 0; i < 600; i++)
        {
            var x = (random.NextDouble() * 3) - 1.5;
            set.Add([(float)x, (float)random.NextDouble()], labelOf(x), i);
        }

        var trained = ModelTrainer.Train(set, plan.Schema.Task, new TrainingOptions { Trees = 10 });
        return ScoringModel.Load(new ModelVersionInfo
        {
            Model = Model,
            Version = version,
            SchemaHash = plan.SchemaHash,
            Task = plan.Schema.Task,
            Trainer = nameof(TrainerKind.FastTree),
            Columns = [.. plan.ColumnNames],
            CreatedAt = DateTimeOffset.UnixEpoch,
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(trained.Artifact)),
            Normalization = trained.Normalization,
        }, trained.Artifact, plan.SchemaHash);
    }

    private static EventEnvelope Event(string id, string entity, int second, float x, int partition = -1, long offset = 0) =>
        new(new StreamEvent(id, entity, T0 + (second * TimeSpan.TicksPerSecond), [x, 0.5f]), partition, offset, T0);

    private static LabelEnvelope Label(string id, string entity, double label, long ticks = 0) =>
        LabelEnvelope.NotFromLog(new LabelEvent(id, entity, label, ticks));

    private static EntityGroupProcessor Group(FeaturePlan plan, ILoadedModels? loaded = null, EntityOptions? options = null, int chunks = 4) =>
        new(Model, plan, options ?? new EntityOptions(), chunks, loaded ?? new Loaded());

    [Fact]
    public void Apply_WithoutModel_ScoresFallbacksWithTheirEventsAndFeatures()
    {
        var group = Group(Binary.Value.Plan);
        var outcome = group.Apply([Event("a", InShare, 0, 0.25f), Event("b", OutOfShare, 1, -0.75f)], [], ServingRoutes.None, T0);

        Assert.Equal((2, 2, 0, 0, 2), (outcome.Scored, outcome.Fallbacks, outcome.Duplicates, outcome.Late, outcome.NewEntities));
        Assert.All(outcome.Predictions.ToArray(), p => Assert.Equal(PredictionRoute.Fallback, p.Route));
        Assert.Equal("b", outcome.EventOf(1).Id);
        Assert.Equal([-0.75f, 0.5f], outcome.FeaturesOf(1).ToArray());
        Assert.Equal(T0, outcome.Predictions[0].IngestTicks);
        Assert.Equal((0, 0), (outcome.CanaryRouted, outcome.CanaryMissed));
        Assert.Equal(0, outcome.Labels.Total);
        Assert.Equal(2, group.Count);
        Assert.Equal(2, group.PendingChanges);
    }

    [Fact]
    public void Apply_CanaryShare_ServesTheChallengerByBucketAndCountsTheShare()
    {
        var (plan, v1, v2) = Binary.Value;
        var group = Group(plan);
        var routes = new ServingRoutes(v1, v2, 2, CanaryShare, Shadow: false);
        var outcome = group.Apply([Event("a", InShare, 0, 0.1f), Event("b", OutOfShare, 0, 0.1f), Event("c", InShare, 1, 0.9f)], [], routes, T0);

        var predictions = outcome.Predictions.ToArray();
        Assert.Equal([PredictionRoute.Canary, PredictionRoute.Champion, PredictionRoute.Canary], predictions.Select(p => p.Route));
        Assert.Equal([2, 1, 2], predictions.Select(p => p.ModelVersion));
        Assert.All(predictions, p => Assert.Equal(0, p.ShadowVersion));
        Assert.Equal((2, 0, 0), (outcome.CanaryRouted, outcome.CanaryMissed, outcome.Fallbacks));
    }

    [Fact]
    public void Apply_ChallengerNotLoaded_CountsItsShareAsMissedAndTheChampionServes()
    {
        var (plan, v1, _) = Binary.Value;
        var group = Group(plan);
        var outcome = group.Apply([Event("a", InShare, 0, 0.1f), Event("b", OutOfShare, 0, 0.1f)], [], new ServingRoutes(v1, null, 2, CanaryShare, Shadow: false), T0);

        Assert.All(outcome.Predictions.ToArray(), p => Assert.Equal((PredictionRoute.Champion, 1), (p.Route, p.ModelVersion)));
        Assert.Equal((1, 1), (outcome.CanaryRouted, outcome.CanaryMissed));
    }

    [Fact]
    public void Apply_Shadow_ScoresTheChallengerBesideTheChampionForEveryEntity()
    {
        var (plan, v1, v2) = Binary.Value;
        var group = Group(plan);
        var outcome = group.Apply([Event("a", InShare, 0, 0.2f), Event("b", OutOfShare, 0, 0.2f)], [], new ServingRoutes(v1, v2, 2, CanaryShare, Shadow: true), T0);

        Assert.All(outcome.Predictions.ToArray(), p => Assert.Equal((PredictionRoute.Champion, 1, 2), (p.Route, p.ModelVersion, p.ShadowVersion)));
        Assert.Equal(0, outcome.CanaryRouted);
    }

    [Fact]
    public void Apply_NextBatch_StartsAFreshOutcomeAndSkipsReplays()
    {
        var group = Group(Binary.Value.Plan);
        group.Apply([Event("a", InShare, 0, 0.1f, partition: 0, offset: 5)], [], ServingRoutes.None, T0);
        var outcome = group.Apply([Event("a", InShare, 0, 0.1f, partition: 0, offset: 5), Event("b", InShare, 1, 0.1f, partition: 0, offset: 6)], [], ServingRoutes.None, T0);

        Assert.Equal((1, 1, 0), (outcome.Scored, outcome.Duplicates, outcome.NewEntities));
        Assert.Equal("b", outcome.Predictions[0].EventId);
    }

    [Fact]
    public void Apply_LateEvent_IsRefusedWithTheEntitysLimitAndSource()
    {
        var plan = Binary.Value.Plan;
        var group = Group(plan);
        var outcome = group.Apply([Event("now", InShare, 3_600, 0.1f, partition: 2, offset: 40), Event("old", InShare, 0, 0.1f, partition: 2, offset: 41)], [], ServingRoutes.None, T0);

        Assert.Equal((1, 1), (outcome.Scored, outcome.Late));
        Assert.True(group.TryGet(InShare, out var entity));
        var late = Assert.Single(outcome.LateRejections.ToArray());
        Assert.Equal(new LateRejection("old", InShare, T0, entity.Windows.WatermarkTicks - plan.Schema.AllowedLateness.Ticks, 2, 41), late);
        Assert.Equal(2, group.PendingChanges);
    }

    [Fact]
    public void Apply_Labels_CountsEveryOutcomeAndJudgesTheBinaryPrediction()
    {
        var (plan, v1, _) = Binary.Value;
        var group = Group(plan, options: new EntityOptions { PredictionTtl = TimeSpan.FromMinutes(1) });
        var scored = group.Apply([Event("a", InShare, 0, 0.9f), Event("b", InShare, 1, -0.9f)], [], new ServingRoutes(v1, null, 0, 0, false), T0);
        var probabilities = scored.Predictions.ToArray().Select(p => p.Probability).ToArray();

        var outcome = group.Apply(
            [],
            [
                Label("a", InShare, 0),
                Label("a", InShare, 1),
                Label("b", InShare, 0, T0 + TimeSpan.FromHours(1).Ticks),
                Label("z", InShare, 1),
                Label("a", "nobody", 1),
            ],
            ServingRoutes.None,
            T0);

        Assert.Equal(new LabelCounts(Matched: 1, Unmatched: 2, Duplicates: 1, Expired: 1), outcome.Labels);
        Assert.Equal(0, outcome.Scored);
        var joined = Assert.Single(outcome.Labelled);
        Assert.Equal(("a", 1, probabilities[0]), (joined.EventId, joined.ModelVersion, joined.Probability));
        Assert.Equal(probabilities[0] >= 0.5f ? 1f : 0f, joined.Error);
        Assert.Equal(plan.VectorLength, joined.Features.Length);
        Assert.Null(joined.ServedClasses);
    }

    [Fact]
    public void Apply_RegressionLabel_CarriesTheAbsoluteError()
    {
        var plan = PlanOf(ModelTask.Regression);
        var model = Train(plan, 1, x => (float)(3 * x));
        var group = Group(plan);
        var prediction = group.Apply([Event("a", InShare, 0, 0.5f)], [], new ServingRoutes(model, null, 0, 0, false), T0).Predictions[0];

        var joined = Assert.Single(group.Apply([], [Label("a", InShare, 4.0)], ServingRoutes.None, T0).Labelled);
        Assert.Equal(Math.Abs(prediction.Score - 4f), joined.Error);
        Assert.True(float.IsNaN(joined.Probability));
    }

    [Fact]
    public void Apply_MulticlassLabel_ScoresEveryClassAgainWithTheServingVersion()
    {
        var (plan, v1) = Multiclass.Value;
        var group = Group(plan, new Loaded(v1));
        var prediction = group.Apply([Event("a", InShare, 0, 0.9f)], [], new ServingRoutes(v1, null, 0, 0, false), T0).Predictions[0];
        Assert.Equal(5f, prediction.Score);

        var joined = Assert.Single(group.Apply([], [Label("a", InShare, 2)], ServingRoutes.None, T0).Labelled);
        var classes = Assert.IsType<ClassProbabilities>(joined.ServedClasses);
        Assert.Equal([0f, 2f, 5f], classes.Classes);
        Assert.Equal(1f, classes.Probabilities.Sum(), 3);
        Assert.Equal(classes.Of(2), joined.Probability);
        Assert.Equal(1f, joined.Error);
        Assert.Null(joined.ShadowClasses);
    }

    [Fact]
    public void Apply_MulticlassLabel_WithTheVersionNoLongerLoaded_LeavesClassProbabilitiesUnknown()
    {
        var (plan, v1) = Multiclass.Value;
        var group = Group(plan);
        group.Apply([Event("a", InShare, 0, -0.9f)], [], new ServingRoutes(v1, null, 0, 0, false), T0);

        var joined = Assert.Single(group.Apply([], [Label("a", InShare, 0)], ServingRoutes.None, T0).Labelled);
        Assert.Null(joined.ServedClasses);
        Assert.True(float.IsNaN(joined.Probability));
        Assert.Equal(0f, joined.Error);
    }

    [Fact]
    public void StateChunks_TrackChangesUntilTakenAndBringBackFailedWrites()
    {
        var plan = Binary.Value.Plan;
        var group = Group(plan, chunks: 3);
        group.Apply([Event("a", InShare, 0, 0.1f), Event("b", OutOfShare, 0, 0.1f)], [], ServingRoutes.None, T0);

        var changed = new bool[3];
        group.TakeChangedChunks(changed);
        Assert.Equal(0, group.PendingChanges);
        Assert.Equal(2, Enumerable.Range(0, 3).Where(c => changed[c]).Sum(c => group.EntitiesIn(c).Count()));

        var chunk = Array.IndexOf(changed, true);
        group.MarkChanged(chunk);
        var again = new bool[3];
        group.TakeChangedChunks(again);
        Assert.Equal(Enumerable.Range(0, 3).Select(c => c == chunk).ToArray(), again);

        Assert.True(group.Erase(InShare));
        Assert.False(group.Erase(InShare));
        Assert.Equal(1, group.PendingChanges);
        Assert.False(group.TryGet(InShare, out _));

        group.Restore(new EntityProcessor(InShare, plan, new EntityOptions()));
        Assert.Equal(2, group.Count);
        Assert.Equal(0, group.Apply([Event("c", InShare, 5, 0.1f)], [], ServingRoutes.None, T0).NewEntities);
    }

    private sealed class Loaded(params ScoringModel[] models) : ILoadedModels
    {
        public ScoringModel? TryGetLoaded(string model, int version) =>
            models.FirstOrDefault(m => m.Info.Model == model && m.Info.Version == version);
    }
}
