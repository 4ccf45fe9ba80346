using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StreamML.Core.Events;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Metrics;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Entities;
using StreamML.Grains.Registry;
using StreamML.Grains.Rollout;
using StreamML.Grains.Training;

namespace StreamML.Grains.Tests;

/// <summary>Every type that crosses a grain boundary or is persisted survives the Orleans serializer and copier unchanged.</summary>
[Trait("Category", "BVT")]
public sealed class SerializationTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(IEntityGroupGrain).Assembly).AddAssembly(typeof(EntityGroupState).Assembly))
        .BuildServiceProvider();

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static TheoryData<object> Values() =>
    [
        new StreamEvent("e-1", "meter-42", 638_000_000_000_000_000, [1f, float.NaN, -2.5f], "nsw"),
        new LabelEvent("e-1", "meter-42", 1, 7),
        new EventEnvelope(new StreamEvent("e-1", "meter-42", 638_000_000_000_000_000, [1f, float.NaN, -2.5f], "nsw"), 3, 99, 5),
        new LabelEnvelope(new LabelEvent("e-1", "meter-42", 1, 7), 2, 8),
        new Prediction { EventId = "e", Entity = "m", Model = "default", ModelVersion = 3, Route = PredictionRoute.Canary, Score = 1.5f, Probability = 0.8f, ShadowVersion = 4, ShadowScore = float.NaN, ShadowProbability = 0.1f, EventTicks = 1, IngestTicks = 2, ScoredTicks = 3, Segment = "s", AnomalyScore = 4.25f, ModelAnomalyScore = 0.97f },
        new ModelVersionInfo
        {
            Model = "default", Version = 2, SchemaHash = "abc", Task = ModelTask.Regression, Trainer = "LightGbm", Columns = ["a", "b"],
            CreatedAt = DateTimeOffset.UnixEpoch, TrainingStart = DateTimeOffset.UnixEpoch.AddDays(1), TrainingExamples = 5,
            Metrics = new Dictionary<string, double> { ["rmse"] = 0.5 }, ParentVersion = 1, Status = ModelStatus.Canary, ArtifactSha256 = "ff",
            Normalization = [new ColumnStatistics(1, 2, 0, 3, 4), new ColumnStatistics(0, 0, 0, 0, 0)], Reason = "drift",
        },
        new ModelRouting { Model = "default", Revision = 5, Champion = 2, Challenger = 3, CanaryBasisPoints = 500, Shadow = true },
        new EntityBatchResult { Scored = 3, Duplicates = 1, Late = 2, Labels = new LabelBatchResult { Matched = 1, Unmatched = 2, Duplicates = 3, Expired = 4 } },
        new EntitySnapshot { Entity = "m", Exists = true, Events = 4, FeatureNames = ["x"], Features = [1f], AppliedOffsets = new() { [0] = 9 }, LastEventTime = DateTimeOffset.UnixEpoch },
        new DeadLetter { Id = 3, Reason = "LateEvent", Message = "late", Source = "generator", Partition = 1, Offset = 2, Entity = "m", EventId = "e", Payload = "{}" },
        new DeadLetterPage { Items = [new DeadLetter { Reason = "r", Message = "m", Source = "s" }], Total = 1, ByReason = new() { ["r"] = 1 }, Next = 1 },
        new LabelledExample { Features = [1f, 2f], Label = 1, EventTicks = 3, ModelVersion = 1, Prediction = 0.4f, EntityKey = 42 },
        new ExampleStoreStats { Count = 1, Appended = 2, Evicted = 1, Oldest = DateTimeOffset.UnixEpoch },
        new RetrainingStatus { Running = true, Reason = "drift", Completed = 1, Failed = 2, LastError = "x", LastVersion = 3 },
        new RegistryState { Routing = new ModelRouting { Model = "m", Champion = 1 } },
        new EntityGroupState { Data = [1, 2, 3] },
        new ExampleStoreState { Data = [4, 5], Appended = 2, Evicted = 0 },
        new RolloutRequest { Version = 3, Mode = RolloutMode.Shadow, Steps = [5, 50], MinLabelled = 10, Margin = 0.1, Metric = "auc", MaxErrorRate = 0.4, MaxMissRate = 0.2 },
        new RolloutPlan { Version = 3, Champion = 2, Mode = RolloutMode.Canary, Steps = [5, 100], MinLabelled = 7, Margin = 0.02, Metric = "accuracy", MaxMissRate = 0.05, Actor = "auto" },
        new RolloutPlan
        {
            Version = 3, Champion = 2, Mode = RolloutMode.Canary, Steps = [5, 100], MinLabelled = 7, Margin = 0.02, Metric = "accuracy", Actor = "auto",
            MaxLatencyRatio = 1.5, MaxP99 = TimeSpan.FromMilliseconds(20), MinLatencySamples = 300,
        },
        Audit(),
        new RolloutStatus
        {
            State = "running", Plan = new RolloutPlan { Version = 3, Champion = 2, Mode = RolloutMode.Shadow, Steps = [0], MinLabelled = 1, Margin = 0, Metric = "mae", Actor = "api" },
            Step = 1, Percent = 25, StepStartedAt = DateTimeOffset.UnixEpoch, StepChampion = new() { ["accuracy"] = 0.5 }, LastVerdict = "waiting",
            Versions = new() { [2] = new() { ["count"] = 3 } }, ShadowVersions = new() { [3] = new() { ["auc"] = 0.7 } }, Labels = new() { ["late"] = 4 }, Audit = [Audit()],
        },
    ];

    private static RolloutAudit Audit() => new()
    {
        Sequence = 4, Time = DateTimeOffset.UnixEpoch, Action = "step", FromVersion = 2, ToVersion = 3, Actor = "auto", Reason = "not worse",
        FromPercent = 5, ToPercent = 25, Figures = new() { ["challenger_accuracy"] = 0.9 },
    };

    [Fact]
    public void RoundTrip_MetricsReportAndRolloutState_KeepEverySum()
    {
        var binary = new MetricAggregate(ModelTask.BinaryClassification);
        binary.Add(1, float.NaN, 0.9f);
        binary.Add(0, float.NaN, 0.6f);
        binary.Add(0, float.NaN, 0.1f);
        var regression = new MetricAggregate(ModelTask.Regression);
        regression.Add(2, 2.5f, float.NaN);
        var multiclass = new MetricAggregate(ModelTask.MulticlassClassification);
        multiclass.Add(3, 3f, 0.8f);
        multiclass.Add(1, 2f, float.NaN);
        multiclass.AddClassProbabilities(3, new ClassProbabilities([1f, 2f, 3f], [0.1f, 0.1f, 0.8f]));
        var latency = LatencyHistogram.NewBuckets();
        latency[17] = 40;
        latency[90] = 2;
        var report = new MetricsReport
        {
            Served = new() { [1] = binary, [3] = multiclass }, Shadow = new() { [2] = regression }, Matched = 4, Unmatched = 1, Duplicates = 2, Late = 3, CanaryRouted = 9, CanaryMissed = 1,
            ScoringLatency = new() { [2] = latency },
        };
        var state = new RolloutState
        {
            Step = 2, StepChampion = binary, Served = new() { [1] = [binary, regression.Clone()] }, Audit = [Audit()], NextSequence = 5, Labels = new() { ["matched"] = 4 },
            StepChallengerLatency = latency,
        };
        var serializer = Services.GetRequiredService<Serializer>();
        var copier = Services.GetRequiredService<DeepCopier>();

        foreach (var back in new[] { serializer.Deserialize<MetricsReport>(serializer.SerializeToArray(report))!, copier.Copy(report)! })
        {
            Assert.Equal((4L, 1L, 2L, 3L, 9L, 1L), (back.Matched, back.Unmatched, back.Duplicates, back.Late, back.CanaryRouted, back.CanaryMissed));
            Assert.Equal(binary.Figures(), back.Served[1].Figures());
            Assert.Equal((2L, 1L, 1L), (back.Served[3].Count, back.Served[3].Correct, back.Served[3].LogLossCount));
            Assert.Equal(multiclass.Figures(), back.Served[3].Figures());
            Assert.Equal(new[] { 1, 2, 3 }, back.Served[3].ClassBins.Keys);
            Assert.Equal(multiclass.ClassBins[3].Positives, back.Served[3].ClassBins[3].Positives);
            Assert.True(binary.Positives.SequenceEqual(back.Served[1].Positives));
            Assert.True(binary.Negatives.SequenceEqual(back.Served[1].Negatives));
            Assert.Equal(regression.Figures(), back.Shadow[2].Figures());
            Assert.Equal(latency, back.ScoringLatency[2]);
        }

        var stateBack = serializer.Deserialize<RolloutState>(serializer.SerializeToArray(state))!;
        Assert.Equal(binary.Figures(), stateBack.StepChampion!.Figures());
        Assert.Equal(2, stateBack.Served[1].Count);
        Assert.Equal(latency, stateBack.StepChallengerLatency);
        Assert.Null(stateBack.StepChampionLatency);
        Assert.Equal(("step", 5L, 4L), (stateBack.Audit[0].Action, stateBack.NextSequence, stateBack.Labels["matched"]));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void RoundTrip_SerializerAndCopier_PreserveEveryField(object value)
    {
        var serializer = Services.GetRequiredService<Serializer>();
        var copier = Services.GetRequiredService<DeepCopier>();
        var bytes = serializer.SerializeToArray(value);
        var back = serializer.Deserialize<object>(bytes);
        var copy = copier.Copy(value);

        Assert.IsType(value.GetType(), back);
        Assert.Equal(JsonSerializer.Serialize(value, value.GetType(), Json), JsonSerializer.Serialize(back, value.GetType(), Json));
        Assert.Equal(JsonSerializer.Serialize(value, value.GetType(), Json), JsonSerializer.Serialize(copy, value.GetType(), Json));
    }
}
