using System.Text.Json;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

[Trait("Category", "BVT")]
public sealed class DriftBenchCommandTests
{
    [Fact]
    public async Task DriftBench_InjectedShift_IsDetectedAfterTheChangeAndNeverOnStationaryStreams()
    {
        var (code, output, error) = await RunAsync("drift-bench", "--runs", "2", "--events", "60000", "--json");

        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(30_000, result.GetProperty("change_at_event").GetInt64());
        Assert.Equal(2, result.GetProperty("detected").GetInt32());
        Assert.InRange(result.GetProperty("max_delay_events").GetInt64(), 0, 30_000);
        Assert.Equal(0, result.GetProperty("alarms_before_change").GetInt64());
        Assert.Equal(0, result.GetProperty("false_alarms").GetInt64());
        Assert.Equal(120_000, result.GetProperty("stationary_events").GetInt64());
    }

    [Fact]
    public async Task DriftBench_BadArguments_ExitWithOneLine()
    {
        var (code, _, error) = await RunAsync("drift-bench", "--runs", "0");

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
