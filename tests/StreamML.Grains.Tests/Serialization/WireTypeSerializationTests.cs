using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StreamML.Core.Events;
using StreamML.Core.Metrics;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Entities;

namespace StreamML.Grains.Tests.Serialization;

/// <summary>
/// Every wire type found by reflection survives the Orleans serializer and copier member for member, so a new
/// <c>[GenerateSerializer]</c> type or surrogate-converted Core type is covered the day it is added. Each type is tried
/// with a generated instance and, where <see cref="SerializationTests.Values"/> or the samples here hold one, a hand-made
/// one; a type with neither fails.
/// </summary>
[Trait("Category", "BVT")]
public sealed class WireTypeSerializationTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(b =>
        {
            foreach (var assembly in WireTypes.Assemblies)
            {
                b.AddAssembly(assembly);
            }
        })
        .BuildServiceProvider();

    private static readonly IReadOnlyDictionary<Type, object> ExplicitSamples = BuildExplicitSamples();

    public static TheoryData<string> WireTypeNames() => [.. WireTypes.All.Select(t => t.FullName!)];

    [Fact]
    public void Discovery_ProductAssemblies_FindsAttributedAndConvertedTypes()
    {
        Assert.Contains(typeof(IEntityGroupGrain).Assembly, WireTypes.Assemblies);
        Assert.Contains(typeof(EntityGroupState).Assembly, WireTypes.Assemblies);
        Assert.DoesNotContain(typeof(WireTypeSerializationTests).Assembly, WireTypes.Assemblies);

        // Records and structs of the grain interfaces, grain state, exceptions, and Core types carried by surrogates.
        Assert.Contains(typeof(DriftReport), WireTypes.All);
        Assert.Contains(typeof(LabelBatchResult), WireTypes.All);
        Assert.Contains(typeof(EntityGroupState), WireTypes.All);
        Assert.Contains(typeof(ModelRefusedException), WireTypes.All);
        Assert.Contains(typeof(StreamEvent), WireTypes.All);
        Assert.Contains(typeof(MetricAggregate), WireTypes.All);
    }

    [Theory]
    [MemberData(nameof(WireTypeNames))]
    public void RoundTrip_EveryWireType_SerializerAndCopierPreserveEveryMember(string typeName)
    {
        var type = WireTypes.All.Single(t => t.FullName == typeName);
        var samples = new List<object>();
        if (ExplicitSamples.TryGetValue(type, out var handMade))
        {
            samples.Add(handMade);
        }

        try
        {
            samples.Add(new SampleValues(ExplicitSamples).Generate(type));
        }
        catch (NotSupportedException) when (samples.Count > 0)
        {
            // The hand-made sample covers a type the generator cannot build.
        }

        var serializer = Services.GetRequiredService<Serializer>();
        var copier = Services.GetRequiredService<DeepCopier>();
        foreach (var sample in samples)
        {
            Assert.IsType(type, sample);
            var back = serializer.Deserialize<object>(serializer.SerializeToArray(sample));
            Assert.Empty(DeepEquality.Differences(sample, back));
            Assert.Empty(DeepEquality.Differences(sample, copier.Copy(sample)));
        }
    }

    /// <summary>The hand-made samples of <see cref="SerializationTests.Values"/> and those types the generator cannot build.</summary>
    private static Dictionary<Type, object> BuildExplicitSamples()
    {
        var samples = new Dictionary<Type, object>();
        foreach (var row in SerializationTests.Values())
        {
            samples.TryAdd(row.Data.GetType(), row.Data);
        }

        // Sums and bins only the aggregate itself can fill in a consistent way.
        var multiclass = new MetricAggregate(ModelTask.MulticlassClassification);
        multiclass.Add(3, 3f, 0.8f);
        multiclass.Add(1, 2f, float.NaN);
        multiclass.AddClassProbabilities(3, new ClassProbabilities([1f, 2f, 3f], [0.1f, 0.1f, 0.8f]));
        samples.Add(typeof(MetricAggregate), multiclass);
        samples.Add(typeof(ModelRefusedException), new ModelRefusedException("refused: the artefact is corrupt", new InvalidDataException("bad zip")));
        samples.Add(typeof(GroupStateWriteException), new GroupStateWriteException("entity group 3 could not write its state", new IOException("disk full")));
        return samples;
    }
}
