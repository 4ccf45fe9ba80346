using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StreamML.Core.Events;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Entities;
using StreamML.Grains.Registry;
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
        new StreamEvent("e-1", "meter-42", 638_000_000_000_000_000, [1f, float.NaN, -2.5f], "nsw") { Partition = 3, Sequence = 99, IngestTicks = 5 },
        new LabelEvent("e-1", "meter-42", 1, 7) { Partition = 2, Sequence = 8 },
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
        new LabelledExample { Features = [1f, 2f], Label = 1, EventTicks = 3, ModelVersion = 1, Prediction = 0.4f },
        new ExampleStoreStats { Count = 1, Appended = 2, Evicted = 1, Oldest = DateTimeOffset.UnixEpoch },
        new RetrainingStatus { Running = true, Reason = "drift", Completed = 1, Failed = 2, LastError = "x", LastVersion = 3 },
        new RegistryState { Routing = new ModelRouting { Model = "m", Champion = 1 } },
        new EntityGroupState { Data = [1, 2, 3] },
        new ExampleStoreState { Data = [4, 5], Appended = 2, Evicted = 0 },
    ];

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
