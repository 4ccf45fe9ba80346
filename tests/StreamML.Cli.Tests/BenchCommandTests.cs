using System.Text.Json;
using StreamML.Testing.Infrastructure;

namespace StreamML.Cli.Tests;

/// <summary><c>streamml bench</c> at a small size: every path runs and reports its figures (timings are never asserted).</summary>
[Trait("Category", "Functional")]
public sealed class BenchCommandTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await StreamMLCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Bench_SmallRunWithRedis_ReportsEveryPath()
    {
        var (code, output, error) = await RunAsync(
            "bench", "--events", "20000", "--entities", "500", "--partitions", "2", "--trees", "5", "--redis", redis.Endpoint, "--json");

        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20_000, result.GetProperty("events").GetInt64());
        Assert.True(result.GetProperty("bare_events_per_s").GetDouble() > 0);
        Assert.True(result.GetProperty("platform_events_per_s").GetDouble() > 0);
        Assert.True(result.GetProperty("redis_events_per_s").GetDouble() > 0);
        Assert.True(result.GetProperty("bytes_per_entity").GetDouble() > 0);
        Assert.Equal(0, result.GetProperty("fallback_predictions").GetInt64());
        Assert.Equal(500, result.GetProperty("active_entities").GetInt64());
    }

    [Fact]
    public async Task Bench_BadArguments_ExitWithOneLine()
    {
        var (code, _, error) = await RunAsync("bench", "--events", "10");

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Contains("--events", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
