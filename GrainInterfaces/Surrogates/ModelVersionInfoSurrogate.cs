using StreamML.Core.Models;
using StreamML.Core.Schema;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="ModelVersionInfo"/>.</summary>
[GenerateSerializer]
[Alias("streamml.ModelVersionInfo")]
public struct ModelVersionInfoSurrogate
{
    /// <summary>Model name.</summary>
    [Id(0)] public string Model;

    /// <summary>Version.</summary>
    [Id(1)] public int Version;

    /// <summary>Schema hash.</summary>
    [Id(2)] public string SchemaHash;

    /// <summary>Task.</summary>
    [Id(3)] public ModelTask Task;

    /// <summary>Trainer.</summary>
    [Id(4)] public string Trainer;

    /// <summary>Column names.</summary>
    [Id(5)] public string[] Columns;

    /// <summary>Registration time.</summary>
    [Id(6)] public DateTimeOffset CreatedAt;

    /// <summary>Oldest training example time.</summary>
    [Id(7)] public DateTimeOffset? TrainingStart;

    /// <summary>Newest training example time.</summary>
    [Id(8)] public DateTimeOffset? TrainingEnd;

    /// <summary>Examples trained on.</summary>
    [Id(9)] public long TrainingExamples;

    /// <summary>Metrics.</summary>
    [Id(10)] public Dictionary<string, double> Metrics;

    /// <summary>Parent version.</summary>
    [Id(11)] public int? ParentVersion;

    /// <summary>Status.</summary>
    [Id(12)] public ModelStatus Status;

    /// <summary>Artefact hash.</summary>
    [Id(13)] public string ArtifactSha256;

    /// <summary>Normalisation means.</summary>
    [Id(14)] public double[] Mean;

    /// <summary>Normalisation standard deviations.</summary>
    [Id(15)] public double[] StdDev;

    /// <summary>Normalisation minima.</summary>
    [Id(16)] public double[] Min;

    /// <summary>Normalisation maxima.</summary>
    [Id(17)] public double[] Max;

    /// <summary>Normalisation counts.</summary>
    [Id(18)] public long[] Count;

    /// <summary>Why the version was trained.</summary>
    [Id(19)] public string Reason;
}

/// <summary>Converts <see cref="ModelVersionInfo"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class ModelVersionInfoConverter : IConverter<ModelVersionInfo, ModelVersionInfoSurrogate>
{
    /// <inheritdoc />
    public ModelVersionInfo ConvertFromSurrogate(in ModelVersionInfoSurrogate s)
    {
        var normalization = new ColumnStatistics[s.Mean.Length];
        for (var i = 0; i < normalization.Length; i++)
        {
            normalization[i] = new ColumnStatistics(s.Mean[i], s.StdDev[i], s.Min[i], s.Max[i], s.Count[i]);
        }

        return new ModelVersionInfo
        {
            Model = s.Model,
            Version = s.Version,
            SchemaHash = s.SchemaHash,
            Task = s.Task,
            Trainer = s.Trainer,
            Columns = s.Columns,
            CreatedAt = s.CreatedAt,
            TrainingStart = s.TrainingStart,
            TrainingEnd = s.TrainingEnd,
            TrainingExamples = s.TrainingExamples,
            Metrics = s.Metrics,
            ParentVersion = s.ParentVersion,
            Status = s.Status,
            ArtifactSha256 = s.ArtifactSha256,
            Normalization = normalization,
            Reason = s.Reason,
        };
    }

    /// <inheritdoc />
    public ModelVersionInfoSurrogate ConvertToSurrogate(in ModelVersionInfo value) => new()
    {
        Model = value.Model,
        Version = value.Version,
        SchemaHash = value.SchemaHash,
        Task = value.Task,
        Trainer = value.Trainer,
        Columns = [.. value.Columns],
        CreatedAt = value.CreatedAt,
        TrainingStart = value.TrainingStart,
        TrainingEnd = value.TrainingEnd,
        TrainingExamples = value.TrainingExamples,
        Metrics = new Dictionary<string, double>(value.Metrics, StringComparer.Ordinal),
        ParentVersion = value.ParentVersion,
        Status = value.Status,
        ArtifactSha256 = value.ArtifactSha256,
        Mean = [.. value.Normalization.Select(n => n.Mean)],
        StdDev = [.. value.Normalization.Select(n => n.StdDev)],
        Min = [.. value.Normalization.Select(n => n.Min)],
        Max = [.. value.Normalization.Select(n => n.Max)],
        Count = [.. value.Normalization.Select(n => n.Count)],
        Reason = value.Reason,
    };
}
