using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamML.Contracts;
using StreamML.Silo.Security;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

[Trait("Category", "Functional")]
public sealed class AuditTests
{
    private static readonly Dictionary<string, string> Keys = new()
    {
        [StreamMLRoles.Operator] = "operator-" + Guid.NewGuid().ToString("N"),
        [StreamMLRoles.Admin] = "admin-" + Guid.NewGuid().ToString("N"),
        [StreamMLRoles.Reader] = "reader-" + Guid.NewGuid().ToString("N"),
    };

    private static string[] Settings() =>
    [
        "StreamML:Auth:Mode=Required",
        .. Keys.SelectMany((k, i) => new[]
        {
            $"StreamML:Auth:ApiKeys:{i}:Name=ops-{k.Key}",
            $"StreamML:Auth:ApiKeys:{i}:Role={k.Key}",
            $"StreamML:Auth:ApiKeys:{i}:Sha256={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(k.Value)))}",
        }),
    ];

    private static async Task<HttpResponseMessage> SendAsync(SiloHost silo, HttpMethod method, string path, string role, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", Keys[role]);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return await silo.Http.SendAsync(request);
    }

    [Fact]
    public async Task RetrainAndErasure_AreRecordedUnderTheCallersName()
    {
        await using var silo = await SiloHost.StartAsync(Settings());
        var models = JsonDocument.Parse(await (await SendAsync(silo, HttpMethod.Get, "v1/models", StreamMLRoles.Reader)).Content.ReadAsStringAsync());
        var model = models.RootElement[0].GetProperty("name").GetString()!;

        var retrain = await SendAsync(silo, HttpMethod.Post, $"v1/models/{model}/retrain", StreamMLRoles.Operator);
        var erase = await SendAsync(silo, HttpMethod.Delete, "v1/entities/meter-7", StreamMLRoles.Admin);
        var audit = await (await SendAsync(silo, HttpMethod.Get, "v1/audit", StreamMLRoles.Admin)).Content.ReadFromJsonAsync<AuditRecordDto[]>();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.NotFound), (retrain.StatusCode, erase.StatusCode));
        var reason = JsonDocument.Parse(await retrain.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetProperty("reason").GetString();
        Assert.Equal("api: requested by ops-operator", reason);
        Assert.NotNull(audit);
        Assert.Contains(audit, r => r is { Caller: "ops-operator", Action: "retrain.request" } && r.Target == model);
        Assert.Contains(audit, r => r is { Caller: "ops-admin", Action: "entity.erase" } && r.Target == AuditLog.EntityTarget("meter-7"));
        Assert.Contains(audit, r => r is { Caller: "ops-admin", Action: "admin.request", Target: "DELETE /v1/entities/{id}" });
        Assert.DoesNotContain(audit, r => r.Target.Contains("meter-7", StringComparison.Ordinal) || (r.Detail ?? "").Contains("meter-7", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, r => r.Caller == "ops-reader");
    }
}
