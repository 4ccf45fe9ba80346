using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using StreamML.Core.Metrics;

namespace StreamML.Core.Models;

/// <summary>
/// One loaded model version: the thread-safe <see cref="ITransformer"/>, loaded once, and a pool of scorers
/// (each owning a prediction engine, which is not thread-safe). Rent a scorer for a batch and return it.
/// </summary>
public sealed class ScoringModel
{
    private readonly ObjectPool<ModelScorer> _pool;

    private ScoringModel(ModelVersionInfo info, MLContext ml, ITransformer transformer)
    {
        Info = info;
        Ml = ml;
        Transformer = transformer;
        _pool = new DefaultObjectPool<ModelScorer>(new ScorerPolicy(this), Math.Max(2, Environment.ProcessorCount * 2));
    }

    /// <summary>
    /// How long each <see cref="ModelScorer.Score"/> call of this loaded version took, in microseconds, since it was
    /// loaded: the scoring latency the rollout gate compares between champion and challenger.
    /// </summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>The version's metadata.</summary>
    public ModelVersionInfo Info { get; }

    internal MLContext Ml { get; }

    internal ITransformer Transformer { get; }

    /// <summary>Feature vector length the model expects.</summary>
    public int Width => Info.Columns.Count;

    /// <summary>
    /// Verifies and loads an artefact: the bytes must hash to <see cref="ModelVersionInfo.ArtifactSha256"/>, the model
    /// must have been trained under <paramref name="expectedSchemaHash"/>, and it must load and take a vector of the
    /// declared width.
    /// </summary>
    /// <exception cref="ModelRejectedException">Any of these checks failed; the message says which.</exception>
    public static ScoringModel Load(ModelVersionInfo info, ReadOnlyMemory<byte> artifact, string expectedSchemaHash)
    {
        ArgumentNullException.ThrowIfNull(info);
        var label = $"model '{info.Model}' version {info.Version}";
        var actual = Convert.ToHexStringLower(SHA256.HashData(artifact.Span));
        if (!string.Equals(actual, info.ArtifactSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRejectedException($"{label} is corrupt: its artefact hashes to {actual}, the registry recorded {info.ArtifactSha256}");
        }

        if (!string.Equals(info.SchemaHash, expectedSchemaHash, StringComparison.Ordinal))
        {
            throw new ModelRejectedException($"{label} was trained for feature schema {info.SchemaHash}, but this platform runs schema {expectedSchemaHash}");
        }

        if (info.Normalization.Count != info.Columns.Count)
        {
            throw new ModelRejectedException($"{label} has {info.Columns.Count} columns but {info.Normalization.Count} normalisation entries");
        }

        var ml = new MLContext(seed: 1);
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            using var stream = new MemoryStream(artifact.ToArray(), writable: false);
            transformer = ml.Model.Load(stream, out inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ModelRejectedException($"{label} is not a loadable ML.NET model: {ex.Message}", ex);
        }

        var features = inputSchema.GetColumnOrNull(nameof(FeatureRow.Features));
        if (features is not { } column || column.Type is not VectorDataViewType vector || vector.Size != info.Columns.Count)
        {
            throw new ModelRejectedException($"{label} does not take a Features vector of {info.Columns.Count} values");
        }

        var model = new ScoringModel(info, ml, transformer);
        try
        {
            // Build one engine now: a model whose output does not fit its task fails here, not on the first event.
            model._pool.Return(model._pool.Get());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ModelRejectedException($"{label} cannot score as a {info.Task} model: {ex.Message}", ex);
        }

        return model;
    }

    /// <summary>Takes a scorer for exclusive use; give it back with <see cref="Return"/>.</summary>
    public ModelScorer Rent() => _pool.Get();

    /// <summary>Returns a scorer taken with <see cref="Rent"/>.</summary>
    public void Return(ModelScorer scorer) => _pool.Return(scorer);

    /// <summary>Scores one vector with a pooled scorer (convenience for infrequent calls).</summary>
    public ModelScore Score(ReadOnlySpan<float> features)
    {
        var scorer = Rent();
        try
        {
            return scorer.Score(features);
        }
        finally
        {
            Return(scorer);
        }
    }

    private sealed class ScorerPolicy(ScoringModel model) : IPooledObjectPolicy<ModelScorer>
    {
        public ModelScorer Create() => ModelScorer.Create(model);

        public bool Return(ModelScorer obj) => true;
    }
}
