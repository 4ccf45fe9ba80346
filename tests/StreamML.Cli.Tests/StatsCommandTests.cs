using System.Globalization;
using System.Text.Json;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

/// <summary>
/// Expected values for the reference window k/4 (k = 0..27) and the current window ten 3.5s and ten 7s, worked by hand:
/// Sturges edges 0, 1, …, 7 (48 values, 7 bins); reference shares 1/7 per bin, current 0.5 in bins 3 and 6;
/// Wasserstein area 0.9375 + 0.8125 + 0.125 = 1.875; reference variance (28² − 1) / 12 / 16 = 4.078125 (ddof 0);
/// KS statistic 0.5 (at 3.25 and at 6.75). The KS p-value 0.0035157100481131424 is scipy 1.10.1's
/// <c>ks_2samp(np.arange(28) / 4, [3.5] * 10 + [7.0] * 10).pvalue</c>.
/// </summary>
[Trait("Category", "BVT")]
public sealed class StatsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("streamml-stats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteCsv(string name, string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, new[] { header }.Concat(rows));
        return path;
    }

    private (string Reference, string Current) WriteWindows(bool withNonFinite = false)
    {
        var reference = Enumerable.Range(0, 28).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k},{k / 4.0}")).ToList();
        var current = Enumerable.Repeat("x,3.5", 10).Concat(Enumerable.Repeat("x,7", 10)).ToList();
        if (withNonFinite)
        {
            reference.Add("a,NaN");
            reference.Add("b,inf");
            current.Insert(0, "c,-Infinity");
        }

        return (WriteCsv("reference.csv", "id,price", reference), WriteCsv("current.csv", "id,price", current));
    }

    private static void AssertClose(double expected, JsonElement actual)
    {
        var value = actual.GetDouble();
        Assert.True(Math.Abs(expected - value) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {value:R}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stats_Json_MatchesHandWorkedValues(bool withNonFinite)
    {
        var (reference, current) = WriteWindows(withNonFinite);
        var (code, output, error) = await RunAsync("stats", "--reference", reference, "--current", current, "--column", "price", "--json");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["n_reference", "n_current", "ks", "psi", "jensenshannon", "wasserstein"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(28, root.GetProperty("n_reference").GetInt32());
        Assert.Equal(20, root.GetProperty("n_current").GetInt32());

        var ks = root.GetProperty("ks");
        Assert.Equal(0.5, ks.GetProperty("statistic").GetDouble());
        AssertClose(0.0035157100481131424, ks.GetProperty("pvalue"));
        Assert.True(ks.GetProperty("drift").GetBoolean());

        const double r = 1.0 / 7, fill = 0.0001;
        var psi = (5 * (r - fill) * Math.Log(r / fill)) + (2 * (r - 0.5) * Math.Log(r / 0.5));
        AssertClose(psi, root.GetProperty("psi").GetProperty("value"));
        Assert.True(root.GetProperty("psi").GetProperty("drift").GetBoolean());

        var js = Math.Sqrt(((5.0 / 7 * Math.Log(2)) + (2.0 / 7 * Math.Log(4.0 / 9)) + Math.Log(14.0 / 9)) / 2);
        AssertClose(js, root.GetProperty("jensenshannon").GetProperty("value"));
        Assert.True(root.GetProperty("jensenshannon").GetProperty("drift").GetBoolean());

        var wasserstein = root.GetProperty("wasserstein");
        Assert.Equal(1.875, wasserstein.GetProperty("distance").GetDouble());
        AssertClose(1.875 / Math.Sqrt(4.078125), wasserstein.GetProperty("normed"));
        Assert.True(wasserstein.GetProperty("drift").GetBoolean());
    }

    [Fact]
    public async Task Stats_Json_DoublesRoundTrip()
    {
        var (reference, current) = WriteWindows();
        var (_, output, _) = await RunAsync("stats", "--reference", reference, "--current", current, "--column", "price", "--json");
        var psiText = JsonDocument.Parse(output).RootElement.GetProperty("psi").GetProperty("value").GetRawText();
        var psi = double.Parse(psiText, CultureInfo.InvariantCulture);
        Assert.Equal(psi.ToString("R", CultureInfo.InvariantCulture), psiText);
    }

    [Fact]
    public async Task Stats_SameWindows_NoDrift()
    {
        var (reference, _) = WriteWindows();
        var (code, output, _) = await RunAsync("stats", "--reference", reference, "--current", reference, "--column", "price", "--json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1.0, root.GetProperty("ks").GetProperty("pvalue").GetDouble());
        Assert.Equal(0.0, root.GetProperty("psi").GetProperty("value").GetDouble());
        Assert.Equal(0.0, root.GetProperty("wasserstein").GetProperty("distance").GetDouble());
        Assert.False(root.GetProperty("ks").GetProperty("drift").GetBoolean());
        Assert.False(root.GetProperty("jensenshannon").GetProperty("drift").GetBoolean());
    }

    [Fact]
    public async Task Stats_Text_NamesEachStatistic()
    {
        var (reference, current) = WriteWindows();
        var (code, output, _) = await RunAsync("stats", "--reference", reference, "--current", current, "--column", "price");
        Assert.Equal(0, code);
        Assert.Contains("psi:", output, StringComparison.Ordinal);
        Assert.Contains("DRIFT", output, StringComparison.Ordinal);
        Assert.Contains("reference 28, current 20", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_MissingFile_OneLineNonZero()
    {
        var (reference, _) = WriteWindows();
        var missing = Path.Combine(_folder, "nope.csv");
        var (code, output, error) = await RunAsync("stats", "--reference", reference, "--current", missing, "--column", "price", "--json");
        AssertOneLineError(code, output, error, "nope.csv");
    }

    [Fact]
    public async Task Stats_MissingColumn_OneLineNonZero()
    {
        var (reference, current) = WriteWindows();
        var (code, output, error) = await RunAsync("stats", "--reference", reference, "--current", current, "--column", "demand");
        AssertOneLineError(code, output, error, "'demand'");
    }

    [Fact]
    public async Task Stats_UnparsableValue_OneLineNamingTheLine()
    {
        var (reference, _) = WriteWindows();
        var bad = WriteCsv("bad.csv", "id,price", ["a,1.5", "b,abc"]);
        var (code, output, error) = await RunAsync("stats", "--reference", reference, "--current", bad, "--column", "price");
        AssertOneLineError(code, output, error, "line 3");
    }

    [Fact]
    public async Task Stats_NoFiniteValue_OneLineNonZero()
    {
        var (reference, _) = WriteWindows();
        var empty = WriteCsv("empty.csv", "id,price", ["a,NaN", "b,inf"]);
        var (code, output, error) = await RunAsync("stats", "--reference", empty, "--current", reference, "--column", "price");
        AssertOneLineError(code, output, error, "no finite value");
        Assert.Contains("empty.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_MissingRequiredOption_OneLineNonZero()
    {
        var (code, output, error) = await RunAsync("stats", "--reference", "a.csv", "--column", "price");
        AssertOneLineError(code, output, error, "--current");
    }

    private static void AssertOneLineError(int code, string output, string error, string mention)
    {
        Assert.NotEqual(0, code);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("streamml: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mention, lines[0], StringComparison.Ordinal);
    }
}
