using System.Globalization;
using System.Text.Json;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

/// <summary>
/// <c>streamml evaluate</c> on generated files with known structure: an in-process silo learns them, notices the change
/// in the middle and recovers; bad input is one line and exit code 2.
/// </summary>
[Trait("Category", "Functional")]
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("streamml-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>x ~ U(-1, 1), noise ~ U(0, 1); the label is x &gt; 0 for the first half and x &lt; 0 after (a concept flip).</summary>
    private string WriteFlip(int rows)
    {
        var random = new Random(5);
        var lines = new List<string> { "x,noise,sensor,y" };
        for (var i = 0; i < rows; i++)
        {
            var x = (random.NextDouble() * 2) - 1;
            var label = i < rows / 2 ? x > 0 : x < 0;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x:R},{random.NextDouble():R},s-{i % 3},{(label ? "1" : "0")}"));
        }

        var path = Path.Combine(_folder, "flip.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Evaluate_ConceptFlip_LearnsDetectsRetrainsAndRecovers()
    {
        const int rows = 6_000;
        var (code, stdout, stderr) = await RunAsync("evaluate", "--input", WriteFlip(rows), "--label", "y", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;

        // The contract's fields (DESIGN.md §8).
        foreach (var name in new[] { "rows", "accuracy", "kappa_temporal", "versions", "drifts", "retrains", "events_per_s" })
        {
            Assert.True(r.TryGetProperty(name, out _), $"missing {name}");
        }

        Assert.Equal(rows, r.GetProperty("rows").GetInt32());
        Assert.Equal("binary_classification", r.GetProperty("task").GetString());

        // x, noise raw; each with last and delta (lag window) and mean, variance, min, max (recent window); 3 label columns.
        // The text column 'sensor' is not a feature.
        Assert.Equal(2 + 4 + 8 + 3, r.GetProperty("features").GetInt32());

        // The first 500 rows are scored before any model exists.
        Assert.Equal(500, r.GetProperty("fallback_predictions").GetInt64());

        // A separable stream with one flip: the flip is detected as concept drift and retrained on; without the flip's
        // recovery the second half would be mostly wrong and the accuracy near 0.5.
        Assert.True(r.GetProperty("drift_kinds").TryGetProperty("concept", out var concept) && concept.GetInt32() >= 1, stdout);
        Assert.True(r.GetProperty("retrains").GetInt32() >= 3, stdout);
        Assert.True(r.GetProperty("versions").GetInt32() >= 3, stdout);
        Assert.True(r.GetProperty("promotions").GetInt32() >= 1, stdout);
        Assert.True(r.GetProperty("accuracy").GetDouble() > 0.8, stdout);

        // Independent labels: the no-change baseline is a coin, and the platform beats it by far.
        Assert.InRange(r.GetProperty("no_change_accuracy").GetDouble(), 0.45, 0.55);
        Assert.True(r.GetProperty("kappa_temporal").GetDouble() > 0.5, stdout);
    }

    [Fact]
    public async Task Evaluate_ManyLabelValues_IsARegression()
    {
        var random = new Random(8);
        var lines = new List<string> { "a,b,target" };
        for (var i = 0; i < 4_000; i++)
        {
            var a = random.NextDouble();
            var b = random.NextDouble();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{(3 * a) - b:R}"));
        }

        var path = Path.Combine(_folder, "regression.csv");
        File.WriteAllLines(path, lines);

        var (code, stdout, stderr) = await RunAsync("evaluate", "--input", path, "--label", "target", "--label-delay", "5", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        Assert.Equal("regression", r.GetProperty("task").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("accuracy").ValueKind);
        Assert.Equal(5, r.GetProperty("label_delay").GetInt32());

        // The target's spread is about 0.8 (sd of 3a - b); a model that learnt it errs far less, fallbacks included.
        Assert.True(r.GetProperty("mae").GetDouble() < 0.3, stdout);
        Assert.True(r.GetProperty("versions").GetInt32() >= 1, stdout);
    }

    [Fact]
    public async Task Evaluate_ThreeClassesOneBased_IsMulticlassAndRecoversFromARotation()
    {
        // x ~ U(-1, 1) in three bands labelled 1, 2, 3; halfway the labels rotate (1 → 2 → 3 → 1), a concept change.
        const int rows = 6_000;
        var random = new Random(5);
        var lines = new List<string> { "x,noise,y" };
        for (var i = 0; i < rows; i++)
        {
            var x = (random.NextDouble() * 2) - 1;
            var band = x < -1.0 / 3 ? 0 : x < 1.0 / 3 ? 1 : 2;
            var label = i < rows / 2 ? band : (band + 1) % 3;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x:R},{random.NextDouble():R},{label + 1}"));
        }

        var path = Path.Combine(_folder, "bands.csv");
        File.WriteAllLines(path, lines);

        var (code, stdout, stderr) = await RunAsync("evaluate", "--input", path, "--label", "y", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        Assert.Equal("multiclass_classification", r.GetProperty("task").GetString());
        Assert.Equal(["1", "2", "3"], r.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));

        // Chance is a third and so is the no-change baseline here; a learner that keeps the old bands after the
        // rotation is right about a third of the time in the second half, which caps it near 0.65.
        Assert.InRange(r.GetProperty("no_change_accuracy").GetDouble(), 0.28, 0.38);
        Assert.True(r.GetProperty("accuracy").GetDouble() > 0.75, stdout);
        Assert.True(r.GetProperty("kappa_temporal").GetDouble() > 0.6, stdout);
        Assert.True(r.GetProperty("drift_kinds").TryGetProperty("concept", out var concept) && concept.GetInt32() >= 1, stdout);
        Assert.True(r.GetProperty("promotions").GetInt32() >= 1, stdout);
    }

    [Fact]
    public async Task Evaluate_TextLabel_NumbersItsClassesInOrder()
    {
        var random = new Random(6);
        var lines = new List<string> { "a,b,kind" };
        for (var i = 0; i < 1_500; i++)
        {
            var a = random.NextDouble();
            var b = random.NextDouble();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{(a + b < 0.8 ? "red" : a > b ? "green" : "blue")}"));
        }

        var path = Path.Combine(_folder, "words.csv");
        File.WriteAllLines(path, lines);

        var (code, stdout, stderr) = await RunAsync("evaluate", "--input", path, "--label", "kind", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        Assert.Equal("multiclass_classification", r.GetProperty("task").GetString());
        Assert.Equal(["blue", "green", "red"], r.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.True(r.GetProperty("accuracy").GetDouble() > 0.7, stdout);
    }

    [Theory]
    [InlineData("nolabel", "no column 'nolabel'", null)]
    [InlineData("word", "a regression label must be a finite number", "regression")]
    [InlineData("word", "a binary task needs exactly 2", "binary")]
    [InlineData("same", "takes one value only", null)]
    [InlineData("x", "--task must be binary, multiclass or regression", "ranking")]
    public async Task Evaluate_BadLabel_IsOneLineAndExitCode2(string label, string message, string? task)
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllLines(path, ["x,word,same", "1,a,1", "2,b,1", "3,c,1"]);

        string[] args = ["evaluate", "--input", path, "--label", label];
        var (code, stdout, stderr) = await RunAsync(task is null ? args : [.. args, "--task", task]);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Evaluate_BadArguments_AreOneLineAndExitCode2()
    {
        var path = Path.Combine(_folder, "ok.csv");
        File.WriteAllLines(path, ["x,y", "1,0", "2,1"]);

        var missing = await RunAsync("evaluate", "--input", Path.Combine(_folder, "none.csv"), "--label", "y");
        var delay = await RunAsync("evaluate", "--input", path, "--label", "y", "--label-delay", "-1");
        var entity = await RunAsync("evaluate", "--input", path, "--label", "y", "--entity", "y");

        Assert.Equal((2, true), (missing.Code, missing.Err.Contains("no such file", StringComparison.Ordinal)));
        Assert.Equal((2, true), (delay.Code, delay.Err.Contains("--label-delay", StringComparison.Ordinal)));
        Assert.Equal((2, true), (entity.Code, entity.Err.Contains("same column", StringComparison.Ordinal)));
    }
}
