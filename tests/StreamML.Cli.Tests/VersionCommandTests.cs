using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

[Trait("Category", "BVT")]
public sealed class VersionCommandTests
{
    [Fact]
    public async Task Version_Json_PrintsVersion()
    {
        var (code, output, error) = await RunAsync("version", "--json");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("{\"version\":\"0.1.0\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsNonZeroWithOneLine()
    {
        var (code, output, error) = await RunAsync("version", "--bogus");
        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("--bogus", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsNonZeroWithOneLine()
    {
        var (code, _, error) = await RunAsync("frobnicate");
        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
