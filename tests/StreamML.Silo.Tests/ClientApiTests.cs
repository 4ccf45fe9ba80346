using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StreamML.Client;
using StreamML.Grains.Services;
using StreamML.Testing.Platform;

namespace StreamML.Silo.Tests;

/// <summary>The SDK's model, operations and probe calls, its credentials and its cancellation, against a real silo on loopback.</summary>
[Trait("Category", "Functional")]
public sealed class ClientApiTests
{
    private static Dictionary<string, double> Features() => new()
    {
        ["power"] = 1000,
        ["voltage"] = 230,
        ["temperature"] = 20,
        ["load"] = 0.5,
    };

    [Fact]
    public async Task OperationsAndProbes_TypedAnswersOfTheSilo()
    {
        await using var silo = await SiloHost.StartAsync();
        await silo.WhenActiveAsync(TimeSpan.FromSeconds(30));
        using var client = StreamMLClient.Create(silo.Address, maxRetries: 0);

        Assert.Equal("ok", (await client.GetHealthAsync()).Status);
        var ready = await client.GetReadinessAsync();
        Assert.Equal("ready", ready.Status);
        Assert.Null(ready.Problems);

        var model = Assert.Single(await client.ListModelSummariesAsync());
        Assert.False(string.IsNullOrEmpty(model.SchemaHash));
        Assert.False(model.Retraining.Running);

        var drift = await client.GetDriftAsync();
        Assert.Equal(model.Name, drift.Model);
        Assert.Equal("all", drift.Scopes[0].Scope);
        Assert.Equal(model.Name, (await client.GetDriftAsync(model.Name)).Model);

        var alerts = await client.GetAlertsAsync();
        Assert.Empty(alerts.Active);

        var sent = await client.SendEventsAsync([new EventRequest("", Features(), Id: "bad-1"), new EventRequest("d-1", new Dictionary<string, double> { ["power"] = 1 }, Id: "bad-2")]);
        Assert.Equal(2, sent.Rejected);
        await silo.Services.GetRequiredService<DeadLetterSink>().FlushAsync();
        var all = await client.GetDeadLettersAsync();
        Assert.Equal(2, all.Total);
        Assert.Equal(["bad-1", "bad-2"], all.Items.Select(i => i.EventId));
        var missing = await client.GetDeadLettersAsync(reason: "MissingFeature", limit: 10);
        Assert.Equal("bad-2", Assert.Single(missing.Items).EventId);
        var after = await client.GetDeadLettersAsync(after: all.Items[0].Id);
        Assert.Equal("bad-2", Assert.Single(after.Items).EventId);
    }

    [Fact]
    public async Task RetrainAndCancel_AnswersOfConflictAreTypedAndRefusalsCarryTheServersMessage()
    {
        await using var silo = await SiloHost.StartAsync();
        using var client = StreamMLClient.Create(silo.Address, maxRetries: 0);
        var name = Assert.Single(await client.ListModelSummariesAsync()).Name;

        var nothing = await client.CancelRetrainAsync(name);
        Assert.False(nothing.Cancelled);
        Assert.Contains("no training run", nothing.Error, StringComparison.Ordinal);

        var started = await client.RetrainAsync(name, "manual");
        Assert.True(started.Started);
        Assert.Equal("manual", started.Status.Reason);

        var unknown = await Assert.ThrowsAsync<StreamMLClientException>(() => client.RetrainAsync("nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("no model named 'nope'", unknown.ServerMessage, StringComparison.Ordinal);
        Assert.Contains(unknown.ServerMessage!, unknown.Message, StringComparison.Ordinal);
        var rollout = await Assert.ThrowsAsync<StreamMLClientException>(() => client.GetRolloutAsync("nope"));
        Assert.Equal(HttpStatusCode.NotFound, rollout.StatusCode);
        await Assert.ThrowsAsync<StreamMLClientException>(() => client.CancelRetrainAsync("nope"));
    }

    [Fact]
    public async Task Credentials_ApiKeyAndBearerTokens_TravelInTheirHeadersOnEveryRequest()
    {
        await using var silo = await SiloHost.StartAsync();
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);

        using (var keyed = new StreamMLClient(http, new StreamMLClientOptions { BaseAddress = silo.Address, ApiKey = "k-123" }))
        {
            await keyed.GetHealthAsync();
            await keyed.GetAlertsAsync();
        }

        using (var bearer = new StreamMLClient(http, new StreamMLClientOptions { BaseAddress = silo.Address, BearerToken = "static-jwt" }))
        {
            await bearer.GetHealthAsync();
        }

        var issued = 0;
        using var source = new CancellationTokenSource();
        var seen = new List<CancellationToken>();
        using (var provided = new StreamMLClient(http, new StreamMLClientOptions
        {
            BaseAddress = silo.Address,
            TokenProvider = ct =>
            {
                seen.Add(ct);
                return ValueTask.FromResult($"jwt-{++issued}");
            },
        }))
        {
            await provided.GetHealthAsync(source.Token);
            await provided.GetEntityAsync("nobody", source.Token);
        }

        Assert.Equal(
            [("k-123", null), ("k-123", null), (null, "Bearer static-jwt"), (null, "Bearer jwt-1"), (null, "Bearer jwt-2")],
            recorder.Requests.Select(r => (r.ApiKey, r.Authorization)));
        Assert.Equal(2, seen.Count);
        Assert.All(seen, ct => Assert.True(ct.CanBeCanceled));
    }

    [Fact]
    public void Options_SeveralCredentialsOrARelativeAddress_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => StreamMLClient.Create(new StreamMLClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), ApiKey = "k", BearerToken = "t" }));
        Assert.Throws<ArgumentException>(() => StreamMLClient.Create(new StreamMLClientOptions { BaseAddress = new Uri("v1", UriKind.Relative) }));
        Assert.Throws<ArgumentException>(() => StreamMLClient.Create(new StreamMLClientOptions()));
        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => new StreamMLClient(http, new StreamMLClientOptions()));
    }

    [Fact]
    public async Task Calls_CancelledToken_StopBeforeTheRequestIsSent()
    {
        await using var silo = await SiloHost.StartAsync();
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder) { BaseAddress = silo.Address };
        using var client = new StreamMLClient(http, new StreamMLClientOptions());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendEventsAsync([new EventRequest("c-1", Features())], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetModelAsync("default", cancelled.Token));
        Assert.Empty(recorder.Requests);
        Assert.Equal("ok", (await client.GetHealthAsync(TestContext.Current.CancellationToken)).Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 3)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 3)]
    [InlineData(HttpStatusCode.InternalServerError, 1)]
    [InlineData(HttpStatusCode.BadGateway, 1)]
    public async Task Retries_OnlyWhatThePlatformDidNotTake_EachAttemptWithAFreshToken(HttpStatusCode refusal, int attempts)
    {
        await using var silo = await SiloHost.StartAsync();
        using var recorder = new RecordingHandler { Refusal = refusal, Refusals = 2 };
        using var http = new HttpClient(recorder);
        var issued = 0;
        using var client = new StreamMLClient(http, new StreamMLClientOptions
        {
            BaseAddress = silo.Address,
            MaxRetries = 2,
            TokenProvider = _ => ValueTask.FromResult($"jwt-{++issued}"),
        });

        var sent = client.SendEventsAsync([new EventRequest("r-1", Features())], TestContext.Current.CancellationToken);

        if (attempts == 3)
        {
            Assert.Equal(1, (await sent).Accepted);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<StreamMLClientException>(() => sent);
            Assert.Equal(refusal, ex.StatusCode);
            Assert.Equal("refused by the test", ex.ServerMessage);
        }

        Assert.Equal(Enumerable.Range(1, attempts).Select(i => $"Bearer jwt-{i}"), recorder.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Refusals_ProblemAnswer_ThrowsWithItsDetailEvenWhereTheCallTakesItemErrors()
    {
        const string problem = "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the body nests JSON too deep\",\"errors\":{}}";
        using var recorder = new RecordingHandler { Refusal = HttpStatusCode.BadRequest, Refusals = 1, RefusalBody = problem };
        using var http = new HttpClient(recorder);
        using var client = new StreamMLClient(http, new StreamMLClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<StreamMLClientException>(() => client.SendEventsAsync([new EventRequest("p-1", Features())], TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("the body nests JSON too deep", ex.ServerMessage);
    }

    /// <summary>Records the credential headers of each request; refuses the first <see cref="Refusals"/> without passing them on.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<(string? ApiKey, string? Authorization)> Requests { get; } = [];

        public HttpStatusCode Refusal { get; init; } = HttpStatusCode.ServiceUnavailable;

        public int Refusals { get; init; }

        public string RefusalBody { get; init; } = "{\"error\":\"refused by the test\"}";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Requests.Add((
                request.Headers.TryGetValues("X-Api-Key", out var keys) ? string.Join(",", keys) : null,
                request.Headers.Authorization?.ToString()));
            if (Requests.Count <= Refusals)
            {
                var refused = new HttpResponseMessage(Refusal) { Content = new StringContent(RefusalBody, System.Text.Encoding.UTF8, "application/json") };
                refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
                return Task.FromResult(refused);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task SiloRequiringCredentials_TheSdkSendsItsKeyAndReportsTheRefusalsOfTheWrongOnes()
    {
        var keys = new Dictionary<string, string> { ["ingest"] = "ingest-" + Guid.NewGuid().ToString("N"), ["reader"] = "reader-" + Guid.NewGuid().ToString("N") };
        await using var silo = await SiloHost.StartAsync(
        [
            "StreamML:Auth:Mode=Required",
            .. keys.Keys.SelectMany((role, i) => new[]
            {
                $"StreamML:Auth:ApiKeys:{i}:Name=sdk-{role}",
                $"StreamML:Auth:ApiKeys:{i}:Role={role}",
                $"StreamML:Auth:ApiKeys:{i}:Sha256={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(keys[role])))}",
            }),
        ]);
        await silo.WhenActiveAsync(TimeSpan.FromSeconds(30));
        StreamMLClient Client(string? key) => StreamMLClient.Create(new StreamMLClientOptions { BaseAddress = silo.Address, ApiKey = key, MaxRetries = 0 });

        using (var reader = Client(keys["reader"]))
        {
            Assert.NotNull(await reader.ListModelsAsync(TestContext.Current.CancellationToken));
            var refused = await Assert.ThrowsAsync<StreamMLClientException>(() => reader.SendEventsAsync([new EventRequest("meter-1", Features())], TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var ingest = Client(keys["ingest"]))
        {
            var accepted = await ingest.SendEventsAsync([new EventRequest("meter-1", Features())], TestContext.Current.CancellationToken);
            Assert.Equal(1, accepted.Accepted);
        }

        using var anonymous = Client(null);
        var unauthenticated = await Assert.ThrowsAsync<StreamMLClientException>(() => anonymous.ListModelsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }
}
