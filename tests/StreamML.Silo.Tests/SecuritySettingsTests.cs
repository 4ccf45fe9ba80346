using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using StreamML.Silo.Hosting;
using StreamML.Silo.Security;

namespace StreamML.Silo.Tests;

[Trait("Category", "BVT")]
public sealed class SecuritySettingsTests
{
    private const string GoodHash = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            new[] { (Key: "Source", Value: "None") }.Concat(values).Select(v => new KeyValuePair<string, string?>("StreamML:" + v.Key, v.Value))).Build();

    [Fact]
    public void ReadValidated_Default_IsOpenWithNothingConfigured()
    {
        var settings = StreamMLConfiguration.ReadValidated(Configuration());

        Assert.Equal((AuthMode.Open, false, 0), (settings.Auth.Mode, settings.Auth.JwtConfigured, settings.Auth.ApiKeys.Count));
    }

    [Fact]
    public void ReadValidated_RequiredWithoutCredentials_IsAProblem()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(("Auth:Mode", "required"))));

        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Auth:Mode is Required but neither", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadValidated_BadKeysAndJwt_EveryProblemListed()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => StreamMLConfiguration.ReadValidated(Configuration(
            ("Auth:Mode", "Required"),
            ("Auth:ApiKeys:0:Name", "ci"),
            ("Auth:ApiKeys:0:Role", "root"),
            ("Auth:ApiKeys:0:Sha256", GoodHash),
            ("Auth:ApiKeys:1:Name", "ops"),
            ("Auth:ApiKeys:1:Role", "operator"),
            ("Auth:ApiKeys:1:Sha256", GoodHash.ToUpperInvariant()),
            ("Auth:ApiKeys:2:Name", "ops"),
            ("Auth:ApiKeys:2:Role", "reader"),
            ("Auth:ApiKeys:2:Sha256", GoodHash[..63]),
            ("Auth:Jwt:SigningKeys:0", Convert.ToBase64String(new byte[16])))));

        Assert.Equal(
            [
                "StreamML:Auth:Jwt:Audience must name the audience tokens are issued for.",
                "StreamML:Auth:Jwt:Issuer must name the issuer of tokens signed with StreamML:Auth:Jwt:SigningKeys.",
                "StreamML:Auth:Jwt:SigningKeys:0 must be base64 of at least 32 bytes.",
                "StreamML:Auth:ApiKeys:0:Role 'root' is not one of ingest, reader, operator, admin.",
                "StreamML:Auth:ApiKeys:1:Sha256 must be the key's SHA-256 as 64 lower-case hex digits (streamml keys create prints it).",
                "StreamML:Auth:ApiKeys:2:Sha256 must be the key's SHA-256 as 64 lower-case hex digits (streamml keys create prints it).",
                "StreamML:Auth:ApiKeys: the name 'ops' is used by 2 keys; audit records could not tell them apart.",
            ],
            ex.Problems);
    }

    [Fact]
    public void ReadValidated_RequiredWithAKey_Binds()
    {
        var settings = StreamMLConfiguration.ReadValidated(Configuration(
            ("Auth:Mode", "Required"), ("Auth:ApiKeys:0:Name", "ci"), ("Auth:ApiKeys:0:Role", "ingest"), ("Auth:ApiKeys:0:Sha256", GoodHash)));

        Assert.Equal(("ci", "ingest", GoodHash), (settings.Auth.ApiKeys[0].Name, settings.Auth.ApiKeys[0].Role, settings.Auth.ApiKeys[0].Sha256));
    }

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:8080")]
    [InlineData("--urls", "http://127.0.0.1:8080;http://*:8081")]
    [InlineData("--Kestrel:Endpoints:Api:Url", "http://10.1.2.3:8080")]
    public void AddStreamMLSilo_OpenBeyondLoopback_RefusesWithOneProblem(string key, string value)
    {
        var builder = WebApplication.CreateBuilder([key, value, "--StreamML:Source=None"]);

        var ex = Assert.Throws<StreamMLConfigurationException>(() => builder.AddStreamMLSilo());

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith("StreamML:Auth:Mode is Open (the default), which serves loopback only, but the HTTP API would listen on ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("https://[::1]:443", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://streamml.example.com", false)]
    [InlineData("http://localhost.example.com", false)]
    public void IsLoopback_Urls(string url, bool loopback) => Assert.Equal(loopback, ListenAddresses.IsLoopback(url));
}
