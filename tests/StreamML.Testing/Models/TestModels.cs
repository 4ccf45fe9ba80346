using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Testing.Models;

/// <summary>
/// Small trained model versions for tests: uniform rows whose label is one column above 0.5, a quick fit, and the
/// registry's description of the result, registered through the registry grain or loaded straight for scoring.
/// </summary>
public static class TestModels
{
    /// <summary>
    /// <paramref name="count"/> rows of <paramref name="width"/> features uniform in [0, 1), each labelled 1 when its
    /// <paramref name="labelColumn"/> is above 0.5, drawn from <paramref name="random"/> a row at a time.
    /// </summary>
    public static IEnumerable<(float[] Row, int Label)> UniformRows(Random random, int width, int count, int labelColumn = 0)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < count; i++)
        {
            var row = new float[width];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = (float)random.NextDouble();
            }

            yield return (row, row[labelColumn] > 0.5f ? 1 : 0);
        }
    }

    /// <summary>A training set of <see cref="UniformRows"/> from a seeded generator, row i at time i.</summary>
    public static TrainingSet UniformSet(int width, int count, int seed, int labelColumn = 0)
    {
        var set = new TrainingSet(width);
        var time = 0;
        foreach (var (row, label) in UniformRows(new Random(seed), width, count, labelColumn))
        {
            set.Add(row, label, time++);
        }

        return set;
    }

    /// <summary>
    /// The registry's description of <paramref name="trained"/> (with the registry's default reason unless
    /// <paramref name="reason"/> is given). Held-out figures are included only when asked: the drift
    /// monitor compares a registered version's live errors with them, so a version registered without them is never
    /// judged by that check.
    /// </summary>
    public static ModelVersionInfo Describe(
        TrainedModel trained,
        string model,
        string schemaHash,
        ModelTask task,
        IEnumerable<string> columns,
        int version = 1,
        TrainerKind trainer = TrainerKind.FastTree,
        string? reason = null,
        bool withFigures = false)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var info = new ModelVersionInfo
        {
            Model = model,
            Version = version,
            SchemaHash = schemaHash,
            Task = task,
            Trainer = trainer.ToString(),
            Columns = [.. columns],
            CreatedAt = DateTimeOffset.UnixEpoch,
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(trained.Artifact)),
            Normalization = trained.Normalization,
        };
        if (reason is not null)
        {
            info = info with { Reason = reason };
        }

        return withFigures ? info with { Metrics = trained.Metrics, TrainingExamples = trained.TrainingExamples } : info;
    }

    /// <summary>
    /// Fits five trees on 300 <see cref="UniformRows"/> of the platform's feature plan and describes the result as a draft
    /// for its registry (the registry numbers it).
    /// </summary>
    public static (ModelVersionInfo Draft, byte[] Artifact) TrainDraft(PlatformContext context, int seed, int labelColumn = 0, string reason = "test")
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var trained = ModelTrainer.Train(UniformSet(plan.VectorLength, 300, seed, labelColumn), context.Schema.Task, new TrainingOptions { Trees = 5 });
        return (Describe(trained, context.ModelName, plan.SchemaHash, context.Schema.Task, plan.ColumnNames, version: 0, reason: reason), trained.Artifact);
    }

    /// <summary>
    /// Registers <paramref name="count"/> versions of one small model with a silo's registry, the first as champion, and
    /// has the silo's router serve them at once. Returns the model name.
    /// </summary>
    public static async Task<string> RegisterAsync(IServiceProvider silo, int count)
    {
        var context = silo.GetRequiredService<PlatformContext>();
        var registry = silo.GetRequiredService<IGrainFactory>().GetGrain<IModelRegistryGrain>(context.ModelName);
        var (draft, artifact) = TrainDraft(context, seed: 7);
        for (var v = 0; v < count; v++)
        {
            await registry.RegisterAsync(draft, artifact, makeChampion: v == 0);
        }

        await silo.GetRequiredService<ModelRouter>().RefreshAsync();
        return context.ModelName;
    }
}
