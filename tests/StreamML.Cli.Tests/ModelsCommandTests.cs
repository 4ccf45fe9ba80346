using System.Text.Json;
using StreamML.Testing.Infrastructure;
using StreamML.Testing.Models;
using StreamML.Testing.Platform;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

/// <summary><c>streamml models</c> against a real silo on loopback.</summary>
[Trait("Category", "Functional")]
public sealed class ModelsCommandTests
{
    [Fact]
    public async Task Models_ListRolloutPromoteRollback_AgainstARealSilo()
    {
        await using var silo = await SiloHost.StartAsync();
        var model = await TestModels.RegisterAsync(silo.Services, count: 2);
        var url = silo.Address.ToString();

        var (code, output, error) = await RunAsync("models", "list", "--url", url, "--json");
        Assert.True(code == 0, error);
        var listed = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal(model, listed.GetProperty("name").GetString());
        Assert.Equal(1, listed.GetProperty("routing").GetProperty("champion").GetInt32());

        (code, output, error) = await RunAsync("models", "rollout", "--version", "2", "--steps", "5,50,100", "--margin", "0.01", "--max-latency-ratio", "2", "--max-p99-ms", "40", "--url", url, "--json");
        Assert.True(code == 0, error);
        var rollout = JsonDocument.Parse(output).RootElement;
        Assert.Equal("running", rollout.GetProperty("state").GetString());
        Assert.Equal([5.0, 50.0, 100.0], rollout.GetProperty("steps").EnumerateArray().Select(s => s.GetDouble()));
        Assert.Equal(0.01, rollout.GetProperty("margin").GetDouble());
        Assert.Equal((2.0, 40.0), (rollout.GetProperty("maxLatencyRatio").GetDouble(), rollout.GetProperty("maxP99Ms").GetDouble()));

        (code, output, error) = await RunAsync("models", "rollout", "--url", url);
        Assert.True(code == 0, error);
        Assert.Contains($"rollout of {model}: running, v2 over v1 (canary 5% of 5/50/100)", output, StringComparison.Ordinal);
        Assert.Contains("scoring p99 at most 2x the champion's, scoring p99 at most 40 ms", output, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("models", "list", "--url", url);
        Assert.True(code == 0, error);
        Assert.Contains($"{model}: champion v1, challenger v2 (canary 5%)", output, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("models", "promote", "--model", model, "--reason", "ship it", "--url", url);
        Assert.True(code == 0, error);
        Assert.Equal($"{model}: promote v1 → v2: ship it", output.Trim());

        (code, output, error) = await RunAsync("models", "rollback", "--url", url, "--json");
        Assert.True(code == 0, error);
        var audit = JsonDocument.Parse(output).RootElement.GetProperty("audit").EnumerateArray().Last();
        Assert.Equal(("rollback", 2, 1), (audit.GetProperty("action").GetString(), audit.GetProperty("fromVersion").GetInt32(), audit.GetProperty("toVersion").GetInt32()));

        // Nothing left to roll back: the platform's reason, on one line, exit code 1.
        (code, output, error) = await RunAsync("models", "rollback", "--url", url);
        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("no challenger and no earlier champion", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("models", "rollout", "--version", "7", "--url", url);
        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.Contains("has no version 7", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("models", "rollout", "--version", "2", "--mode", "sideways", "--url", "http://127.0.0.1:1/")]
    [InlineData("models", "rollout", "--steps", "5,50", "--url", "http://127.0.0.1:1/")]
    [InlineData("models", "rollout", "--version", "2", "--steps", "five", "--url", "http://127.0.0.1:1/")]
    [InlineData("models", "list", "--url", "not a url")]
    public async Task Models_BadInput_ExitsWithUsageErrorOnOneLine(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("streamml: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_SiloNotListening_ExitsWithRuntimeErrorOnOneLine()
    {
        var (code, output, error) = await RunAsync("models", "list", "--url", $"http://127.0.0.1:{LoopbackPort.GetFree()}/");

        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("could not reach StreamML", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_SiloRequiringCredentials_AnswersWithTheReaderKeyAndRefusesWithoutIt()
    {
        var key = "reader-" + Guid.NewGuid().ToString("N");
        await using var silo = await SiloHost.StartAsync(
            "StreamML:Auth:Mode=Required",
            "StreamML:Auth:ApiKeys:0:Name=console",
            "StreamML:Auth:ApiKeys:0:Role=reader",
            $"StreamML:Auth:ApiKeys:0:Sha256={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))}");
        var model = await TestModels.RegisterAsync(silo.Services, count: 1);
        var url = silo.Address.ToString();

        var (code, output, error) = await RunAsync("models", "list", "--url", url, "--api-key", key, "--json");
        Assert.True(code == 0, error);
        Assert.Equal(model, Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray()).GetProperty("name").GetString());

        (code, output, error) = await RunAsync("models", "list", "--url", url, "--api-key", "not-" + key);
        Assert.Equal(StreamMLCommand.RuntimeError, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("401", error, StringComparison.Ordinal);
    }
}
