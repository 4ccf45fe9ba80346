using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>The OpenAPI document the silo serves, checked against the routes it actually maps.</summary>
[Trait("Category", "Functional")]
public sealed class OpenApiTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    [Fact]
    public async Task Document_DescribesEveryMappedV1RouteWithItsSchemasAndNothingElse()
    {
        await using var silo = await SiloHost.StartAsync();
        using var response = await silo.Http.GetAsync("openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var document = json.RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var mapped = silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Select(m => (Route: $"{m} {e.RoutePattern.RawText}", Endpoint: e)))
            .ToDictionary(r => r.Route, r => r.Endpoint, StringComparer.Ordinal);
        var documented = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => (Route: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value)))
            .ToDictionary(o => o.Route, o => o.Operation, StringComparer.Ordinal);

        Assert.Contains("POST /v1/events", mapped.Keys);
        Assert.Contains("DELETE /v1/models/{name}/retrain", mapped.Keys);
        Assert.Equal(mapped.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        var operationIds = documented.Values.Select(o => o.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());

        foreach (var (route, endpoint) in mapped)
        {
            var operation = documented[route];
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), route);
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null })
            {
                var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                AssertResolves(schemas, body, route);
            }
            else
            {
                Assert.False(operation.TryGetProperty("requestBody", out _), route);
            }

            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{route} documents no success answer");
            foreach (var answer in success.Where(r => r.Name != "204"))
            {
                AssertResolves(schemas, answer.Value.GetProperty("content").GetProperty("application/json").GetProperty("schema"), route);
            }
        }

        // Bodies whose fields the platform requires are documented with them.
        Assert.Contains("entity", Properties(schemas, "EventDto"));
        Assert.Contains("features", Properties(schemas, "EventDto"));
        Assert.Contains("label", Properties(schemas, "LabelDto"));
        Assert.Contains("version", Properties(schemas, "RolloutRequestDto"));
    }

    [Fact]
    public async Task Document_DeclaresTheApiKeyAndBearerSchemes()
    {
        await using var silo = await SiloHost.StartAsync();
        using var json = JsonDocument.Parse(await silo.Http.GetStringAsync("openapi/v1.json", TestContext.Current.CancellationToken));
        var schemes = json.RootElement.GetProperty("components").GetProperty("securitySchemes");

        var key = schemes.GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (key.GetProperty("type").GetString(), key.GetProperty("in").GetString(), key.GetProperty("name").GetString()));
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal(("http", "bearer", "JWT"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString(), bearer.GetProperty("bearerFormat").GetString()));
        var required = json.RootElement.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
        Assert.Equal(["ApiKey", "Bearer"], required);
    }

    private static IEnumerable<string> Properties(JsonElement schemas, string name) =>
        schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name);

    /// <summary>A schema is inline with a type, a reference to a component that exists, or an array of such.</summary>
    private static void AssertResolves(JsonElement schemas, JsonElement schema, string route)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/components/schemas/".Length..];
            Assert.True(schemas.TryGetProperty(name, out var component), $"{route}: schema {name} is not in the document");
            Assert.True(component.TryGetProperty("properties", out _), $"{route}: schema {name} has no properties");
            return;
        }

        Assert.True(schema.TryGetProperty("type", out _), $"{route}: a schema with neither a type nor a reference");
        if (schema.TryGetProperty("items", out var items))
        {
            AssertResolves(schemas, items, route);
        }
    }
}
