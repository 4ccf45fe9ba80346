using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static StreamML.Testing.Commands.StreamMLCli;

namespace StreamML.Cli.Tests;

[Trait("Category", "BVT")]
public sealed class KeysCommandTests
{
    [Fact]
    public async Task Create_Json_PrintsAKeyItsHashAndTheSettings()
    {
        var (code, output, error) = await RunAsync("keys", "create", "--role", "operator", "--name", "ops-laptop", "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var created = JsonDocument.Parse(output).RootElement;
        var key = created.GetProperty("key").GetString()!;
        var sha256 = created.GetProperty("sha256").GetString()!;
        Assert.Equal(32, Base64Url.DecodeFromChars(key).Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), sha256);
        Assert.Equal(("ops-laptop", "operator"), (created.GetProperty("name").GetString(), created.GetProperty("role").GetString()));
        var environment = created.GetProperty("environment");
        Assert.Equal(
            ("ops-laptop", "operator", sha256),
            (environment.GetProperty("StreamML__Auth__ApiKeys__N__Name").GetString(),
             environment.GetProperty("StreamML__Auth__ApiKeys__N__Role").GetString(),
             environment.GetProperty("StreamML__Auth__ApiKeys__N__Sha256").GetString()));
    }

    [Fact]
    public async Task Create_Text_ShowsTheKeyOnceAndNamesItByRole()
    {
        var first = await RunAsync("keys", "create", "--role", "reader");
        var second = await RunAsync("keys", "create", "--role", "reader");

        Assert.Equal((0, 0), (first.Code, second.Code));
        var key = first.Out.Split('\n')[0].Split(": ")[1].Trim();
        Assert.Equal(2, first.Out.Split(key).Length);
        Assert.Contains("StreamML__Auth__ApiKeys__N__Role=reader", first.Out, StringComparison.Ordinal);
        Assert.Contains("StreamML__Auth__ApiKeys__N__Name=reader-", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(key, second.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("Admin")]
    public async Task Create_UnknownRole_ExitsNonZeroWithOneLine(string role)
    {
        var (code, output, error) = await RunAsync("keys", "create", "--role", role);

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Empty(output);
        Assert.Equal($"streamml: --role '{role}' is not one of ingest, reader, operator, admin", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd());
    }

    [Fact]
    public async Task Create_WithoutRole_ExitsNonZeroWithOneLine()
    {
        var (code, _, error) = await RunAsync("keys", "create");

        Assert.Equal(StreamMLCommand.UsageError, code);
        Assert.Contains("--role", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
