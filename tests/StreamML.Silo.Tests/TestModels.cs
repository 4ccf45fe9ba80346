using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.Grains.Services;

namespace StreamML.Silo.Tests;

/// <summary>Registers small trained versions of a silo's model straight through its registry grain.</summary>
public static class TestModels
{
    /// <summary>Registers <paramref name="count"/> versions; the first becomes champion. Returns the model name.</summary>
    public static async Task<string> RegisterAsync(SiloHost silo, int count)
    {
        var context = silo.Services.GetRequiredService<PlatformContext>();
        var registry = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IModelRegistryGrain>(context.ModelName);
        var random = new Random(7);
        var set = new TrainingSet(context.Plan.VectorLength);
        for (var i = 0; i < 300; i++)
        {
            var row = new float[context.Plan.VectorLength];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = (float)random.NextDouble();
            }

            set.Add(row, row[0] > 0.5f ? 1 : 0, i);
        }

        var trained = ModelTrainer.Train(set, context.Schema.Task, new TrainingOptions { Trees = 5 });
        var draft = new ModelVersionInfo
        {
            Model = context.ModelName,
            Version = 0,
            SchemaHash = context.Plan.SchemaHash,
            Task = context.Schema.Task,
            Trainer = "FastTree",
            Columns = [.. context.Plan.ColumnNames],
            CreatedAt = default,
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(trained.Artifact)),
            Normalization = trained.Normalization,
            Reason = "test",
        };
        for (var v = 0; v < count; v++)
        {
            await registry.RegisterAsync(draft, trained.Artifact, makeChampion: v == 0);
        }

        await silo.Services.GetRequiredService<ModelRouter>().RefreshAsync();
        return context.ModelName;
    }
}
