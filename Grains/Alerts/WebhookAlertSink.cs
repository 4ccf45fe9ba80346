using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using StreamML.Core.Alerts;
using StreamML.Contracts;
using StreamML.Grains.Options;

namespace StreamML.Grains.Alerts;

/// <summary>
/// Posts each notification as JSON (<see cref="AlertWebhookPayload"/>) to the configured URL. Each attempt is bounded by
/// the timeout; network failures, timeouts, 408, 429 and 5xx answers are retried with exponential backoff and jitter up
/// to the configured attempts; any other answer is final.
/// </summary>
public sealed class WebhookAlertSink : IAlertSink, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Creates the sink from the webhook options (a URL must be set).</summary>
    public WebhookAlertSink(IOptions<AlertOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var webhook = options.Value.Webhook;
        _url = new Uri(webhook.Url ?? throw new ArgumentException("no webhook URL is configured", nameof(options)));
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (webhook.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = webhook.MaxAttempts - 1,
                Delay = webhook.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(static r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
            });
        }

        _pipeline = builder.AddTimeout(webhook.Timeout).Build();
    }

    /// <inheritdoc />
    public string Name => "webhook";

    /// <summary>Attempts made since start (retries included).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    private long _attempts;

    /// <inheritdoc />
    public async Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var payload = new AlertWebhookPayload
        {
            Event = notification.Alert.State == AlertState.Resolved ? "resolved" : "firing",
            Repeat = notification.Repeat,
            Alert = notification.Alert.ToDto(),
        };

        using var response = await _pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                Interlocked.Increment(ref state.Sink._attempts);
                return await state.Sink._http.PostAsJsonAsync(state.Sink._url, state.Payload, Json, token).ConfigureAwait(false);
            },
            (Sink: this, Payload: payload),
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
