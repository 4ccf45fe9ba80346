using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StreamML.Contracts;
using StreamML.Silo.Security;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>
/// Every route the silo maps, called by every role and without credentials in Required mode. The routes come from the
/// application's endpoints, so a route added without a policy fails here.
/// </summary>
[Trait("Category", "Functional")]
public sealed class AuthorizationTests
{
    private const string Issuer = "streamml-tests";
    private const string Audience = "streamml";
    private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);
    private static readonly Dictionary<string, string> Keys = StreamMLRoles.All.ToDictionary(r => r, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    private static string[] RequiredSettings() =>
    [
        "StreamML:Auth:Mode=Required",
        $"StreamML:Auth:Jwt:Issuer={Issuer}",
        $"StreamML:Auth:Jwt:Audience={Audience}",
        $"StreamML:Auth:Jwt:SigningKeys:0={Convert.ToBase64String(SigningKey)}",
        .. StreamMLRoles.All.SelectMany((role, i) => new[]
        {
            $"StreamML:Auth:ApiKeys:{i}:Name={role}-key",
            $"StreamML:Auth:ApiKeys:{i}:Role={role}",
            $"StreamML:Auth:ApiKeys:{i}:Sha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Keys[role])))}",
        }),
    ];

    private static string Token(string? role, DateTime? expires = null, byte[]? key = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["preferred_username"] = "someone@example.com" };
        if (role is not null)
        {
            claims["roles"] = new[] { role };
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            NotBefore = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Each mapped route with its method, a path that reaches it, and the roles its policy admits (null: anyone).</summary>
    private static List<(string Method, string Path, IReadOnlyList<string>? Roles)> Routes(SiloHost silo)
    {
        var routes = new List<(string, string, IReadOnlyList<string>?)>();
        foreach (var endpoint in silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var name = $"{endpoint.RoutePattern.RawText} ({endpoint.DisplayName})";
            IReadOnlyList<string>? roles;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                roles = null;
            }
            else
            {
                var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
                var policy = Assert.Single(policies, p => p is not null);
                Assert.True(StreamMLPolicies.Roles.TryGetValue(policy!, out roles), $"{name} names policy '{policy}', which is not one of StreamMLPolicies");
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(Segment));
            routes.AddRange(methods.Select(m => (m, path, roles)));
        }

        return routes;
    }

    /// <summary>Parameters are filled with names nothing exists under, so an admitted call is answered without changing anything.</summary>
    private static string Segment(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") => "1",
        RoutePatternParameterPart parameter => "no-such-" + parameter.Name.ToLowerInvariant(),
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }));

    private static async Task<HttpStatusCode> SendAsync(SiloHost silo, string method, string path, Action<HttpRequestMessage> credentials)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        credentials(request);

        // A redirect is answered as it is: following it would drop the Authorization header and test the wrong request.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = silo.Address };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    private static Action<HttpRequestMessage> ApiKey(string key) => r => r.Headers.Add("X-Api-Key", key);

    private static Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.Authorization = new("Bearer", token);

    [Fact]
    public async Task EveryRoute_EveryRole_AnswersByItsPolicy()
    {
        await using var silo = await SiloHost.StartAsync(RequiredSettings());
        var routes = Routes(silo);
        Assert.Contains(routes, r => r.Path == "/metrics");
        Assert.Contains(routes, r => r.Path.StartsWith("/dashboard", StringComparison.Ordinal));
        Assert.Contains(routes, r => r is ("DELETE", "/v1/entities/no-such-id", _));

        var callers = new List<(string Name, string? Role, Action<HttpRequestMessage> Credentials)> { ("anonymous", null, _ => { }) };
        callers.AddRange(StreamMLRoles.All.Select(role => ($"{role} API key", (string?)role, ApiKey(Keys[role]))));
        callers.AddRange(StreamMLRoles.All.Select(role => ($"{role} JWT", (string?)role, Bearer(Token(role)))));
        var wrong = new List<string>();
        foreach (var (method, path, roles) in routes)
        {
            foreach (var (name, role, credentials) in callers)
            {
                var expected = roles is null || (role is not null && roles.Contains(role)) ? "allowed" : role is null ? "401" : "403";
                var status = await SendAsync(silo, method, path, credentials);
                var actual = status switch { HttpStatusCode.Unauthorized => "401", HttpStatusCode.Forbidden => "403", _ => "allowed" };
                if (actual != expected)
                {
                    wrong.Add($"{method} {path} as {name}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task BadCredentials_AreUnauthorized()
    {
        await using var silo = await SiloHost.StartAsync(RequiredSettings());
        var bad = new Dictionary<string, Action<HttpRequestMessage>>
        {
            ["unknown key"] = ApiKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))),
            ["expired token"] = Bearer(Token(StreamMLRoles.Admin, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-10))),
            ["token signed with another key"] = Bearer(Token(StreamMLRoles.Admin, key: RandomNumberGenerator.GetBytes(32))),
            ["unsigned token"] = Bearer(Token(StreamMLRoles.Admin).Split('.') is var parts ? $"{parts[0]}.{parts[1]}." : ""),
        };

        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var (name, credentials) in bad)
        {
            statuses[name] = await SendAsync(silo, "GET", "/v1/models", credentials);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s.Value));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(silo, "GET", "/v1/models", Bearer(Token(role: null))));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(silo, "GET", "/healthz", _ => { }));
    }

    [Fact]
    public async Task OpenMode_NoCredentials_EveryRouteAdmitted()
    {
        await using var silo = await SiloHost.StartAsync();

        var refused = new List<string>();
        foreach (var (method, path, _) in Routes(silo))
        {
            var status = await SendAsync(silo, method, path, _ => { });
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                refused.Add($"{method} {path}: {(int)status}");
            }
        }

        Assert.True(refused.Count == 0, string.Join(Environment.NewLine, refused));
    }

    [Fact]
    public void Caller_TokenWithoutName_UsesItsClientId()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("azp", "6e1c0b7a-client")], "Bearer"));

        Assert.Equal(("6e1c0b7a-client", "api"), (Caller.NameOf(user), Caller.NameOf(new ClaimsPrincipal(new ClaimsIdentity()))));
    }
}
