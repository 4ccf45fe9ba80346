using System.CommandLine;
using System.Reflection;

namespace StreamML.Cli.Commands;

/// <summary><c>streamml version</c>: prints the version of the command and the platform it runs.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("version", "Print the StreamML version.") { json };
        command.SetAction(parse =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            if (plus > 0)
            {
                version = version[..plus];
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine($"{{\"version\":\"{version}\",\"runtime\":\"{Environment.Version}\"}}");
            }
            else
            {
                output.WriteLine($"streamml {version} (.NET {Environment.Version})");
            }

            return 0;
        });
        return command;
    }
}
