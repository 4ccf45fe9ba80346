using System.CommandLine;
using StreamML.Cli.Commands;

namespace StreamML.Cli;

/// <summary>The root of the <c>streamml</c> command: builds the command tree and turns bad input into one line on stderr.</summary>
internal static class StreamMLCommand
{
    /// <summary>Exit code for input the command refuses (bad arguments, unreadable files, bad values).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a failure while doing valid work (a silo that cannot be reached, a failed run).</summary>
    public const int RuntimeError = 1;

    public static RootCommand Build()
    {
        var root = new RootCommand("StreamML: machine learning on high-throughput event streams.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(DriftBenchCommand.Create());
        root.Subcommands.Add(ProduceCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = Build();
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // One line: the first problem, named plainly. Full help stays one `--help` away.
            stderr.WriteLine($"streamml: {result.Errors[0].Message}");
            return UsageError;
        }

        // Without the default handler a CliException reaches the catch below and becomes one line, not a stack trace.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await result.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            stderr.WriteLine($"streamml: {ex.Message}");
            return ex.ExitCode;
        }
    }
}
