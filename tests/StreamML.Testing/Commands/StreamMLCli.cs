using StreamML.Cli;

namespace StreamML.Testing.Commands;

/// <summary>What one run of the <c>streamml</c> command left behind.</summary>
/// <param name="Code">The exit code.</param>
/// <param name="Out">Everything written to stdout.</param>
/// <param name="Err">Everything written to stderr.</param>
public sealed record CliResult(int Code, string Out, string Err);

/// <summary>Runs the <c>streamml</c> command in this process, as its entry point does, capturing what it writes.</summary>
public static class StreamMLCli
{
    /// <summary>Runs <c>streamml</c> with <paramref name="args"/> and returns its exit code, stdout and stderr.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await StreamMLCommand.RunAsync(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
