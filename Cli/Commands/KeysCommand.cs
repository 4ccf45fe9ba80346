using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StreamML.Contracts;

namespace StreamML.Cli.Commands;

/// <summary>
/// <c>streamml keys create</c>: makes a new random API key and prints it once, with its SHA-256 and the configuration
/// that gives it a role. The silo is configured with the hash only, so the key printed here is the only copy.
/// </summary>
internal static class KeysCommand
{
    private const int KeyBytes = 32;

    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = $"The key's role: {string.Join(", ", StreamMLRoles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "The caller's name in audit records (default: the role and the start of the hash)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var create = new Command("create", "Make a new API key and print it once, with its SHA-256 and the configuration to add.") { role, name, json };
        create.SetAction(parse =>
        {
            var chosen = parse.GetRequiredValue(role);
            if (!StreamMLRoles.IsKnown(chosen))
            {
                throw new CliException($"--role '{chosen}' is not one of {string.Join(", ", StreamMLRoles.All)}");
            }

            var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            var holder = parse.GetValue(name) is { Length: > 0 } given ? given : $"{chosen}-{sha256[..8]}";
            Print(parse.InvocationConfiguration.Output, parse.GetValue(json), new CreatedKey(holder, chosen, key, sha256));
            return 0;
        });
        return new Command("keys", "Manage API keys of the HTTP API.") { create };
    }

    private static void Print(TextWriter output, bool json, CreatedKey created)
    {
        // N: keys are a list; the index is the next one free in the silo's configuration, which this command cannot see.
        var settings = new[] { ("Name", created.Name), ("Role", created.Role), ("Sha256", created.Sha256) };
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                name = created.Name,
                role = created.Role,
                key = created.Key,
                sha256 = created.Sha256,
                environment = settings.ToDictionary(s => $"StreamML__Auth__ApiKeys__N__{s.Item1}", s => s.Item2),
            }));
            return;
        }

        output.WriteLine($"API key (shown once; keep it where the caller reads it): {created.Key}");
        output.WriteLine($"SHA-256: {created.Sha256}");
        output.WriteLine("Add to the silo's environment (N: the next free index of StreamML:Auth:ApiKeys, from 0):");
        foreach (var (setting, value) in settings)
        {
            output.WriteLine($"  StreamML__Auth__ApiKeys__N__{setting}={value}");
        }

        output.WriteLine("or to appsettings.json under StreamML:Auth:ApiKeys:");
        output.WriteLine($"  {{ \"Name\": {JsonSerializer.Serialize(created.Name)}, \"Role\": \"{created.Role}\", \"Sha256\": \"{created.Sha256}\" }}");
        output.WriteLine("Callers send it in the X-Api-Key header.");
    }

    private sealed record CreatedKey(string Name, string Role, string Key, string Sha256);
}
