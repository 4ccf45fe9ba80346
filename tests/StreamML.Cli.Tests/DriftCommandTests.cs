using System.Globalization;
using System.Text.Json;
using StreamML.Core.Drift.Detectors;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

[Trait("Category", "BVT")]
public sealed class DriftCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamml-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCsv(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A column 'err' of 0/1 whose error rate rises at 600, and a column 'level' that steps from 0 to 3 at 600.</summary>
    private string WriteStepCsv()
    {
        var rng = new Random(7);
        var lines = new List<string> { "id,err,level" };
        for (var i = 0; i < 1500; i++)
        {
            var err = rng.NextDouble() < (i < 600 ? 0.1 : 0.6) ? 1 : 0;
            var level = (i < 600 ? 0.0 : 3.0) + rng.NextDouble();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{err},{level:R}"));
        }

        return WriteCsv("step.csv", string.Join('\n', lines) + "\n");
    }

    private static (List<int> Drift, List<int> Warning) Library(string detector, Dictionary<string, string> parameters, IEnumerable<double> values)
    {
        var d = DriftDetectorFactory.Create(detector, parameters);
        var drift = new List<int>();
        var warning = new List<int>();
        var i = 0;
        foreach (var v in values)
        {
            d.Update(v);
            if (d.DriftDetected)
            {
                drift.Add(i);
            }

            if (d.WarningDetected)
            {
                warning.Add(i);
            }

            i++;
        }

        return (drift, warning);
    }

    private static (string Detector, int N, int[] Drift, int[] Warning) ParseJson(string output)
    {
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["detector", "n", "drift", "warning"], root.EnumerateObject().Select(p => p.Name));
        return (
            root.GetProperty("detector").GetString()!,
            root.GetProperty("n").GetInt32(),
            [.. root.GetProperty("drift").EnumerateArray().Select(e => e.GetInt32())],
            [.. root.GetProperty("warning").EnumerateArray().Select(e => e.GetInt32())]);
    }

    private static void AssertOneLineError(int code, string output, string error, string expected)
    {
        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Empty(output);
        Assert.EndsWith("\n", error, StringComparison.Ordinal);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal("streamml: " + expected, lines[0].TrimEnd('\r'));
    }

    [Fact]
    public async Task Json_AdwinOnSmallStep_ExactDocument()
    {
        // 40 zeros then 40 tens: with clock=1 ADWIN drops the old values at the first update the cut test can see them.
        var values = Enumerable.Repeat("0", 40).Concat(Enumerable.Repeat("10", 40));
        var path = WriteCsv("small.csv", "x\n" + string.Join('\n', values) + "\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--param", "clock=1", "--input", path, "--column", "x", "--json");
        Assert.Equal(0, code);
        Assert.Empty(error);
        var expected = Library("ADWIN", new() { ["clock"] = "1" }, Enumerable.Repeat(0.0, 40).Concat(Enumerable.Repeat(10.0, 40)));
        Assert.NotEmpty(expected.Drift);
        var json = ParseJson(output);
        Assert.Equal(("ADWIN", 80), (json.Detector, json.N));
        Assert.Equal(expected.Drift, json.Drift);
        Assert.Empty(json.Warning);
        Assert.Equal($"{{\"detector\":\"ADWIN\",\"n\":80,\"drift\":[{string.Join(',', expected.Drift)}],\"warning\":[]}}", output.TrimEnd());
    }

    [Theory]
    [InlineData("ADWIN", "level", new string[0])]
    [InlineData("PageHinkley", "level", new[] { "threshold=20", "mode=up" })]
    [InlineData("DDM", "err", new string[0])]
    [InlineData("EDDM", "err", new[] { "alpha=0.9", "beta=0.8" })]
    [InlineData("HDDM_A", "err", new[] { "two_sided_test=True" })]
    public async Task Json_EachDetector_MatchesLibraryIndices(string detector, string column, string[] parameters)
    {
        var path = WriteStepCsv();
        var args = new List<string> { "drift", "--detector", detector, "--input", path, "--column", column, "--json" };
        foreach (var p in parameters)
        {
            args.Add("--param");
            args.Add(p);
        }

        var (code, output, error) = await RunAsync([.. args]);
        Assert.Equal(0, code);
        Assert.Empty(error);

        var values = Core.Data.CsvTable.Load(path).NumericColumn(column);
        var given = parameters.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var expected = Library(detector, given, values);
        Assert.NotEmpty(expected.Drift);
        var json = ParseJson(output);
        Assert.Equal((detector, 1500), (json.Detector, json.N));
        Assert.Equal(expected.Drift, json.Drift);
        Assert.Equal(expected.Warning, json.Warning);
    }

    [Fact]
    public async Task Json_DetectorNameInAnyCase_ReportsRiverSpelling()
    {
        var path = WriteCsv("one.csv", "x\n1\n0\n");
        var (code, output, _) = await RunAsync("drift", "--detector", "pagehinkley", "--input", path, "--column", "x", "--json");
        Assert.Equal(0, code);
        Assert.Equal("{\"detector\":\"PageHinkley\",\"n\":2,\"drift\":[],\"warning\":[]}", output.TrimEnd());
    }

    [Fact]
    public async Task Json_HeaderOnly_EmptyResult()
    {
        var path = WriteCsv("empty.csv", "x,y\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "EDDM", "--input", path, "--column", "y", "--json");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal("{\"detector\":\"EDDM\",\"n\":0,\"drift\":[],\"warning\":[]}", output.TrimEnd());
    }

    [Fact]
    public async Task Text_Summary_OneLineWithIndices()
    {
        var values = Enumerable.Repeat(0.0, 40).Concat(Enumerable.Repeat(10.0, 40)).ToList();
        var path = WriteCsv("small.csv", "x\n" + string.Join('\n', values) + "\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--param", "clock=1", "--input", path, "--column", "x");
        Assert.Equal(0, code);
        Assert.Empty(error);
        var drift = Library("ADWIN", new() { ["clock"] = "1" }, values).Drift;
        var noun = drift.Count == 1 ? "drift" : "drifts";
        Assert.Equal($"ADWIN over 80 values: {drift.Count} {noun} at {string.Join(", ", drift)}; no warnings", output.TrimEnd());
    }

    [Fact]
    public async Task Error_MissingColumn_OneLine()
    {
        var path = WriteCsv("a.csv", "x,y\n1,2\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--input", path, "--column", "z");
        AssertOneLineError(code, output, error, $"{path}: no column 'z' (columns: x, y)");
    }

    [Fact]
    public async Task Error_UnparsableValue_OneLineWithLine()
    {
        var path = WriteCsv("a.csv", "x\n1\n0\nabc\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "DDM", "--input", path, "--column", "x", "--json");
        AssertOneLineError(code, output, error, $"{path}: line 4: column 'x': 'abc' is not a number");
    }

    [Fact]
    public async Task Error_MissingFile_OneLine()
    {
        var path = Path.Combine(_dir, "nope.csv");
        var (code, output, error) = await RunAsync("drift", "--detector", "DDM", "--input", path, "--column", "x");
        AssertOneLineError(code, output, error, $"{path}: file not found");
    }

    [Fact]
    public async Task Error_UnknownDetector_OneLineListingKnown()
    {
        var path = WriteCsv("a.csv", "x\n1\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "Foo", "--input", path, "--column", "x");
        var known = string.Join(", ", DriftDetectorFactory.Known.Select(d => d.Name));
        AssertOneLineError(code, output, error, $"unknown detector 'Foo' (known: {known})");
    }

    [Fact]
    public async Task Error_UnknownParameter_OneLine()
    {
        var path = WriteCsv("a.csv", "x\n1\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--param", "foo=1", "--input", path, "--column", "x");
        AssertOneLineError(code, output, error, "ADWIN has no parameter 'foo' (parameters: delta, clock, max_buckets, min_window_length, grace_period)");
    }

    [Theory]
    [InlineData("clock=x", "ADWIN parameter 'clock' expects an integer, got 'x'")]
    [InlineData("clock=0", "ADWIN parameter 'clock' must be at least 1, got '0'")]
    [InlineData("delta=2", "ADWIN parameter 'delta' must be greater than 0 and less than 1, got '2'")]
    public async Task Error_BadValue_OneLine(string param, string expected)
    {
        var path = WriteCsv("a.csv", "x\n1\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--param", param, "--input", path, "--column", "x");
        AssertOneLineError(code, output, error, expected);
    }

    [Theory]
    [InlineData("clock", "--param expects name=value, got 'clock'")]
    [InlineData("=3", "--param expects name=value, got '=3'")]
    [InlineData("clock=", "--param expects name=value, got 'clock='")]
    public async Task Error_MalformedParam_OneLine(string param, string expected)
    {
        var path = WriteCsv("a.csv", "x\n1\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--param", param, "--input", path, "--column", "x");
        AssertOneLineError(code, output, error, expected);
    }

    [Fact]
    public async Task Error_ParamGivenTwice_OneLine()
    {
        var path = WriteCsv("a.csv", "x\n1\n");
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--param", "clock=1", "--param", "clock=2", "--input", path, "--column", "x");
        AssertOneLineError(code, output, error, "--param clock is given twice");
    }

    [Fact]
    public async Task Error_MissingRequiredOption_OneLine()
    {
        var (code, output, error) = await RunAsync("drift", "--detector", "ADWIN", "--column", "x");
        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("--input", lines[0], StringComparison.Ordinal);
    }
}
