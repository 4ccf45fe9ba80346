using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Platform;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

/// <summary><c>streamml replay</c> against a real silo on loopback.</summary>
[Trait("Category", "Functional")]
public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamml-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCsv(int rows, int meters)
    {
        var text = new StringBuilder("meter,power,voltage,temperature,load\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"m{i % meters},{1000 + i},{230 - (i % 7)},{18 + (i % 5)},{(i % 10) / 10.0}\n");
        }

        var path = Path.Combine(_dir, "meters.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task Replay_Csv_EveryRowReachesItsEntity()
    {
        await using var silo = await SiloHost.StartAsync();
        var csv = WriteCsv(rows: 250, meters: 5);

        var (code, output, error) = await RunAsync("replay", "--input", csv, "--entity", "meter", "--url", silo.Address.ToString(), "--batch", "40", "--json");

        Assert.True(code == 0, error);
        var summary = JsonDocument.Parse(output).RootElement;
        Assert.Equal(250, summary.GetProperty("rows").GetInt32());
        Assert.Equal(250, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(0, summary.GetProperty("rejected").GetInt64());

        // Accepted rows are applied behind the response; each is scored once as it is.
        await silo.Predictions.WaitForCountAsync(250, TimeSpan.FromSeconds(30));
        for (var m = 0; m < 5; m++)
        {
            var entity = await silo.Http.GetFromJsonAsync<JsonElement>($"v1/entities/m{m}");
            Assert.Equal(50, entity.GetProperty("events").GetInt64());
        }
    }

    [Fact]
    public async Task Replay_UnknownEntityColumn_ExitsWithOneLine()
    {
        var csv = WriteCsv(rows: 3, meters: 1);

        var (code, output, error) = await RunAsync("replay", "--input", csv, "--entity", "nope", "--url", "http://127.0.0.1:1/");

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Empty(output);
        Assert.Contains("nope", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Replay_SiloNotRunning_ExitsWithARuntimeError()
    {
        var csv = WriteCsv(rows: 3, meters: 1);
        var port = LoopbackPort.GetFree();

        var (code, _, error) = await RunAsync("replay", "--input", csv, "--entity", "meter", "--url", $"http://127.0.0.1:{port}/", "--json");

        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.StartsWith("streamml: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Replay_MissingFile_ExitsWithAUsageError()
    {
        var (code, _, error) = await RunAsync("replay", "--input", Path.Combine(_dir, "absent.csv"));

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Contains("absent.csv", error, StringComparison.Ordinal);
    }
}
