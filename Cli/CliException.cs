namespace StreamML.Cli;

/// <summary>A failure the command reports as one line on stderr with a non-zero exit code.</summary>
internal sealed class CliException(string message, int exitCode = StreamMLCommand.UsageError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
