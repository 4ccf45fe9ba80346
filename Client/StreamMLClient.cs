using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly;
using Polly.Retry;
using StreamML.Contracts;

namespace StreamML.Client;

/// <summary>
/// The StreamML HTTP API, typed. Requests the platform did not accept (429 Too Many Requests, 503 Service Unavailable,
/// or a connection that could not be opened) are retried with exponential backoff and jitter; requests it may have
/// accepted are never retried, so an event is not sent twice.
/// </summary>
public sealed class StreamMLClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = CreateJson();
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <summary>Creates a client over <paramref name="http"/>, whose base address is the platform's (for example http://localhost:8080).</summary>
    /// <param name="http">The HTTP client; its lifetime stays with the caller.</param>
    /// <param name="maxRetries">Retries of a request the platform did not accept.</param>
    public StreamMLClient(HttpClient http, int maxRetries = 6)
        : this(http, ownsHttp: false, maxRetries)
    {
    }

    private StreamMLClient(HttpClient http, bool ownsHttp, int maxRetries)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress (the platform's URL)", nameof(http));
        }

        _http = http;
        _ownsHttp = ownsHttp;
        _retry = maxRetries <= 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = maxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = TimeSpan.FromSeconds(10),
                    ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                        .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                        .Handle<HttpRequestException>(ex => ex.HttpRequestError == HttpRequestError.ConnectionError),
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Headers.RetryAfter?.Delta),
                })
                .Build();
    }

    /// <summary>Creates a client that owns its own HTTP connection to <paramref name="baseAddress"/>.</summary>
    public static StreamMLClient Create(Uri baseAddress, int maxRetries = 6) =>
        new(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) }, ownsHttp: true, maxRetries);

    /// <summary>Sends events; the valid ones are accepted, the invalid ones come back as per-item errors.</summary>
    /// <exception cref="StreamMLClientException">The platform refused the whole request or could not be reached.</exception>
    public Task<IngestResponse> SendEventsAsync(IEnumerable<EventRequest> events, CancellationToken cancellationToken = default) =>
        PostAsync<IngestResponse>("v1/events", ToWire(events), allowBadRequest: true, cancellationToken);

    /// <summary>Scores events synchronously (they are applied to their entities like any other event).</summary>
    /// <exception cref="StreamMLClientException">The platform refused the whole request or could not be reached.</exception>
    public Task<ScoreResponse> ScoreAsync(IEnumerable<EventRequest> events, CancellationToken cancellationToken = default) =>
        PostAsync<ScoreResponse>("v1/score", ToWire(events), allowBadRequest: true, cancellationToken);

    /// <summary>Sends labels for earlier events.</summary>
    /// <exception cref="StreamMLClientException">The platform refused the whole request or could not be reached.</exception>
    public Task<LabelResponse> SendLabelsAsync(IEnumerable<LabelRequest> labels, CancellationToken cancellationToken = default) =>
        PostAsync<LabelResponse>("v1/labels", labels.Select(l => new { id = l.Id, entity = l.Entity, label = l.Label }).ToArray(), allowBadRequest: true, cancellationToken);

    /// <summary>Reads an entity's state; null when it has none.</summary>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<EntityDto?> GetEntityAsync(string entity, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v1/entities/" + Uri.EscapeDataString(entity)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<EntityDto>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases an entity's state; false when it had none.</summary>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<bool> DeleteEntityAsync(string entity, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, "v1/entities/" + Uri.EscapeDataString(entity)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every model the platform serves, each with its versions, live figures, routing and rollout.</summary>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<IReadOnlyList<ModelDto>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "v1/models"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        var names = await response.Content.ReadFromJsonAsync<ModelName[]>(Json, cancellationToken).ConfigureAwait(false) ?? [];
        var models = new List<ModelDto>(names.Length);
        foreach (var name in names)
        {
            if (await GetModelAsync(name.Name, cancellationToken).ConfigureAwait(false) is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    /// <summary>One model with its versions, live figures, routing, rollout and audit trail; null when the platform has no such model.</summary>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<ModelDto?> GetModelAsync(string model, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ModelPath(model)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<ModelDto>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A model's current or last rollout.</summary>
    /// <exception cref="StreamMLClientException">No such model, or the platform could not be reached or failed.</exception>
    public async Task<RolloutDto> GetRolloutAsync(string model, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ModelPath(model) + "/rollout"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<RolloutDto>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new StreamMLClientException("the platform answered with an empty rollout", response.StatusCode);
    }

    /// <summary>Starts rolling a version out (canary ramp or shadow), superseding a rollout under way.</summary>
    /// <exception cref="StreamMLClientException">The platform refused the request (with its reason) or could not be reached.</exception>
    public Task<RolloutDto> StartRolloutAsync(string model, RolloutRequestDto request, CancellationToken cancellationToken = default) =>
        SendJsonAsync<RolloutDto>(HttpMethod.Put, ModelPath(model) + "/rollout", request, cancellationToken);

    /// <summary>Makes the challenger of the rollout under way champion now, or <paramref name="version"/> when given.</summary>
    /// <exception cref="StreamMLClientException">The platform refused the request (with its reason) or could not be reached.</exception>
    public Task<RolloutDto> PromoteAsync(string model, int? version = null, string? reason = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<RolloutDto>(HttpMethod.Post, ModelPath(model) + "/promote", new ModelActionDto { Version = version, Reason = reason }, cancellationToken);

    /// <summary>Drops the challenger of the rollout under way; with none, restores the previous champion.</summary>
    /// <exception cref="StreamMLClientException">The platform refused the request (with its reason) or could not be reached.</exception>
    public Task<RolloutDto> RollbackAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<RolloutDto>(HttpMethod.Post, ModelPath(model) + "/rollback", new ModelActionDto { Reason = reason }, cancellationToken);

    /// <summary>Asks for a training run; false when one is already under way.</summary>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<bool> RetrainAsync(string model, string? reason = null, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new ModelActionDto { Reason = reason }, Json);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, ModelPath(model) + "/retrain") { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } } },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        using var response = await SendAsync(
            () => new HttpRequestMessage(method, path) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } } },
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, allowBadRequest: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new StreamMLClientException($"the platform answered {path} with an empty body", response.StatusCode);
    }

    private static string ModelPath(string model) => "v1/models/" + Uri.EscapeDataString(model);

    private async Task<T> PostAsync<T>(string path, object body, bool allowBadRequest, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } } },
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, allowBadRequest, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new StreamMLClientException($"the platform answered {path} with an empty body", response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(
                static async (state, ct) =>
                {
                    using var message = state.request();
                    return await state.http.SendAsync(message, ct).ConfigureAwait(false);
                },
                (http: _http, request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new StreamMLClientException($"could not reach StreamML at {_http.BaseAddress}: {ex.Message}", ex);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, bool allowBadRequest, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (allowBadRequest && response.StatusCode == HttpStatusCode.BadRequest && text.Contains("\"errors\"", StringComparison.Ordinal))
        {
            // Per-item errors: the valid items were accepted; the caller reads the errors from the body.
            return;
        }

        throw new StreamMLClientException($"StreamML answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(ErrorOf(text))}", response.StatusCode);
    }

    /// <summary>The API's one-line <c>error</c> when the body carries one, else the body itself.</summary>
    private static string ErrorOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()!
                : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private static object[] ToWire(IEnumerable<EventRequest> events) =>
        [.. events.Select(e => new WireEvent(e.Id, e.Entity, e.Time, e.Features, e.Segment))];

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    private sealed record ModelName(string Name);

    private sealed record WireEvent(string? Id, string Entity, DateTimeOffset? Time, IReadOnlyDictionary<string, double> Features, string? Segment);
}
