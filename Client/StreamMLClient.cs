using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly;
using Polly.Retry;
using StreamML.Contracts;

namespace StreamML.Client;

/// <summary>
/// The StreamML HTTP API, typed. Requests the platform did not accept (429 Too Many Requests, 503 Service Unavailable,
/// or a connection that could not be opened) are retried with exponential backoff and jitter; requests it may have
/// accepted are never retried, so an event is not sent twice. Every method takes a <see cref="CancellationToken"/>
/// and throws <see cref="StreamMLClientException"/> when the platform refuses a request or cannot be reached.
/// </summary>
public sealed partial class StreamMLClient : IDisposable
{
    private const string ApiKeyHeader = StreamMLHeaders.ApiKey;
    private static readonly JsonSerializerOptions Json = CreateJson();
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly string[] ReasonFields = ["error", "detail", "title"];
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _base;
    private readonly string? _apiKey;
    private readonly string? _bearerToken;
    private readonly Func<CancellationToken, ValueTask<string>>? _tokenProvider;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <summary>Creates a client over <paramref name="http"/>, whose base address is the platform's (for example http://localhost:8080).</summary>
    /// <param name="http">The HTTP client; its lifetime stays with the caller.</param>
    /// <param name="maxRetries">Retries of a request the platform did not accept.</param>
    public StreamMLClient(HttpClient http, int maxRetries = 6)
        : this(http, ownsHttp: false, new StreamMLClientOptions { MaxRetries = Math.Max(0, maxRetries) })
    {
    }

    /// <summary>Creates a client over <paramref name="http"/> (for example one from IHttpClientFactory) with <paramref name="options"/>.</summary>
    /// <param name="http">The HTTP client; its lifetime stays with the caller. Its base address is used when the options have none.</param>
    /// <param name="options">Where the platform is, how to authenticate, how often to retry.</param>
    public StreamMLClient(HttpClient http, StreamMLClientOptions options)
        : this(http, ownsHttp: false, options)
    {
    }

    private StreamMLClient(HttpClient http, bool ownsHttp, StreamMLClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = options.BaseAddress ?? http.BaseAddress
            ?? throw new ArgumentException("give the platform's URL as the options' BaseAddress or the HttpClient's", nameof(http));

        // Relative paths resolve under the whole base path only when it ends with a slash.
        _base = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _http = http;
        _ownsHttp = ownsHttp;
        _apiKey = options.ApiKey;
        _bearerToken = options.BearerToken;
        _tokenProvider = options.TokenProvider;
        _retry = options.MaxRetries == 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetries,
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
    /// <param name="baseAddress">The platform's URL, for example http://localhost:8080.</param>
    /// <param name="maxRetries">Retries of a request the platform did not accept.</param>
    public static StreamMLClient Create(Uri baseAddress, int maxRetries = 6) =>
        Create(new StreamMLClientOptions { BaseAddress = baseAddress, MaxRetries = Math.Max(0, maxRetries) });

    /// <summary>Creates a client that owns its own HTTP connection to the options' <see cref="StreamMLClientOptions.BaseAddress"/>.</summary>
    /// <param name="options">Where the platform is, how to authenticate, how often to retry.</param>
    public static StreamMLClient Create(StreamMLClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseAddress is null)
        {
            throw new ArgumentException("the options need the platform's URL as BaseAddress", nameof(options));
        }

        options.Validate();
        return new(new HttpClient { Timeout = options.Timeout }, ownsHttp: true, options);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string ModelPath(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return "v1/models/" + Uri.EscapeDataString(model);
    }

    /// <summary>Sends a request and reads its answer: a 2xx, or a refusal that is an <paramref name="answer"/> (one that carries figures).</summary>
    private async Task<(HttpStatusCode Status, T? Body)> CallAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, Answer? answer = null, bool notFoundIsNull = false, bool retry = true)
    {
        var bytes = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, Json);
        using var response = await SendAsync(method, path, bytes, retry, cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode;
        if (notFoundIsNull && status == HttpStatusCode.NotFound)
        {
            return (status, default);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && !(answer is { } expected && expected.Status == status && Carries(text, expected.Property)))
        {
            var error = ErrorOf(text);
            throw new StreamMLClientException($"StreamML answered {(int)status} {response.ReasonPhrase}: {Truncate(error ?? text)}", status, error);
        }

        if (text.Length == 0)
        {
            return (status, default);
        }

        try
        {
            return (status, JsonSerializer.Deserialize<T>(text, Json));
        }
        catch (JsonException ex)
        {
            throw new StreamMLClientException($"StreamML answered {method} {path} with a body that is not the expected {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private async Task<T> RequireAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, Answer? answer = null)
        where T : class
    {
        var (status, result) = await CallAsync<T>(method, path, body, cancellationToken, answer).ConfigureAwait(false);
        return result ?? throw new StreamMLClientException($"StreamML answered {method} {path} with an empty body", status);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, bool retry, CancellationToken cancellationToken)
    {
        try
        {
            return await (retry ? _retry : ResiliencePipeline<HttpResponseMessage>.Empty).ExecuteAsync(
                static async (state, ct) =>
                {
                    using var message = new HttpRequestMessage(state.method, new Uri(state.client._base, state.path));
                    if (state.body is not null)
                    {
                        message.Content = new ByteArrayContent(state.body) { Headers = { ContentType = JsonType } };
                    }

                    await state.client.AuthenticateAsync(message, ct).ConfigureAwait(false);
                    return await state.client._http.SendAsync(message, ct).ConfigureAwait(false);
                },
                (client: this, method, path, body),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new StreamMLClientException($"could not reach StreamML at {_base}: {ex.Message}", ex);
        }
    }

    /// <summary>Adds the caller's credentials; a provider is asked on every attempt, so a retry after a long wait carries a fresh token.</summary>
    private async ValueTask AuthenticateAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (_apiKey is not null)
        {
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
        }

        var token = _tokenProvider is null ? _bearerToken : await _tokenProvider(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(token))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>Whether a body is a JSON object with <paramref name="property"/>: the answer the call expects, not a refusal in another shape.</summary>
    private static bool Carries(string text, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The platform's one-line reason: the API's <c>error</c>, or the <c>detail</c> or <c>title</c> of a problem
    /// answer (what ASP.NET Core's own refusals, such as authentication, limits and timeouts, carry).
    /// </summary>
    private static string? ErrorOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in ReasonFields)
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } reason)
                {
                    return reason;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    /// <summary>A refusal status whose body is nonetheless the call's answer when it carries <see cref="Property"/>.</summary>
    private readonly record struct Answer(HttpStatusCode Status, string Property);
}
