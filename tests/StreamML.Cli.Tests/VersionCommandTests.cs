namespace StreamML.Cli.Tests;

[Trait("Category", "BVT")]
public sealed class VersionCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await StreamMLCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

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
