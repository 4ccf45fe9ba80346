using System.CommandLine;
using StreamML.Contracts;

namespace StreamML.Cli.Commands;

/// <summary>
/// The <c>--api-key</c> option of the commands that call a running silo's HTTP API. It defaults to the
/// <c>STREAMML_API_KEY</c> environment variable, so that a key need not appear in a shell's history or a process list.
/// </summary>
internal static class ApiKeyOption
{
    /// <summary>The environment variable the key is read from when the option is not given.</summary>
    public const string Variable = "STREAMML_API_KEY";

    /// <summary>The header the silo reads an API key from.</summary>
    public const string Header = StreamMLHeaders.ApiKey;

    public static Option<string?> Create() => new("--api-key")
    {
        Description = $"An API key for a silo that requires credentials (default: ${Variable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } key ? key : null,
    };
}
