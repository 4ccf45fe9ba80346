using System.Globalization;
using System.Net;
using StreamML.Contracts;

namespace StreamML.Client;

/// <summary>Dead letters, drift, alerts and the health probes.</summary>
public sealed partial class StreamMLClient
{
    /// <summary>A page of dead letters (<c>GET /v1/deadletters</c>), oldest first, with the store's totals.</summary>
    /// <param name="reason">Only dead letters of this reason (for example MissingFeature); null for every reason.</param>
    /// <param name="after">Read after this id: the previous page's <see cref="DeadLetterPageDto.Next"/>; null for the start.</param>
    /// <param name="limit">Most dead letters to return (1 to 1,000); null for the platform's default of 100.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the query or could not be reached.</exception>
    public Task<DeadLetterPageDto> GetDeadLettersAsync(string? reason = null, long? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        RequireAsync<DeadLetterPageDto>(HttpMethod.Get, "v1/deadletters" + Query(("reason", reason), ("after", after?.ToString(CultureInfo.InvariantCulture)), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), null, cancellationToken);

    /// <summary>A model's drift in every scope (<c>GET /v1/drift</c>): all traffic first, then each segment.</summary>
    /// <param name="model">The model's name; null for the platform's model.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the query or could not be reached.</exception>
    public Task<DriftResponse> GetDriftAsync(string? model = null, CancellationToken cancellationToken = default) =>
        RequireAsync<DriftResponse>(HttpMethod.Get, "v1/drift" + Query(("model", model)), null, cancellationToken);

    /// <summary>The active and recently resolved alerts and the configured rules (<c>GET /v1/alerts</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public Task<AlertsResponse> GetAlertsAsync(CancellationToken cancellationToken = default) =>
        RequireAsync<AlertsResponse>(HttpMethod.Get, "v1/alerts", null, cancellationToken);

    /// <summary>Liveness (<c>GET /healthz</c>): answers while the platform's process runs.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public Task<HealthResponse> GetHealthAsync(CancellationToken cancellationToken = default) =>
        RequireAsync<HealthResponse>(HttpMethod.Get, "healthz", null, cancellationToken);

    /// <summary>
    /// Readiness (<c>GET /readyz</c>): the silo is active in its cluster and reads its sources. A silo that is not ready
    /// answers with its problems rather than an exception, and is asked once, without retries.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<ReadinessResponse> GetReadinessAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await CallAsync<ReadinessResponse>(HttpMethod.Get, "readyz", null, cancellationToken, new(HttpStatusCode.ServiceUnavailable, "partitions"), retry: false).ConfigureAwait(false);
        return body ?? throw new StreamMLClientException("StreamML answered GET readyz with an empty body", status);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? string.Empty : "?" + string.Join('&', given);
    }
}
