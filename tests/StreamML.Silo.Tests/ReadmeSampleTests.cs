using StreamML.Client;
using StreamML.Silo.Tests.Samples;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>The README's SDK sample is the sample compiled here, and it runs against a real silo.</summary>
[Trait("Category", "Functional")]
public sealed class ReadmeSampleTests
{
    private const string Begin = "// README sample begins";
    private const string End = "// README sample ends";

    [Fact]
    public void Readme_CsharpBlock_IsTheCompiledSample()
    {
        var readme = File.ReadAllLines(Path.Combine(ServerExecutables.RepositoryRoot, "README.md"));
        var start = Array.FindIndex(readme, l => l.Trim() == "```csharp");
        Assert.True(start >= 0, "the README has no csharp block");
        var length = Array.FindIndex(readme, start + 1, l => l.Trim() == "```") - start - 1;
        var block = readme.Skip(start + 1).Take(length).ToList();

        var source = File.ReadAllLines(Path.Combine(ServerExecutables.RepositoryRoot, "tests", "StreamML.Silo.Tests", "Samples", "ReadmeSample.cs"));
        var from = Array.FindIndex(source, l => l.Trim() == Begin) + 1;
        var to = Array.FindIndex(source, l => l.Trim() == End);
        Assert.True(from > 0 && to > from, "the sample's markers are missing");
        var sample = source[from..to];
        var indent = sample.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);

        Assert.Equal(sample.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()), block);
    }

    [Fact]
    public async Task Sample_RunsAgainstThePlatform()
    {
        await using var silo = await SiloHost.StartAsync();

        await ReadmeSample.RunAsync(silo.Address, apiKey: null, TestContext.Current.CancellationToken);

        using var client = StreamMLClient.Create(silo.Address);
        var entity = await client.GetEntityAsync("meter-42", TestContext.Current.CancellationToken);
        Assert.NotNull(entity);
        Assert.Equal((1L, 1L), (entity.Events, entity.Labels));
        Assert.Equal("e-1", entity.LastPrediction?.EventId);
    }
}
