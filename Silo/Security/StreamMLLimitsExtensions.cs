using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;

namespace StreamML.Silo.Security;

/// <summary>Bounds the HTTP envelope: requests per caller, body size and time per request.</summary>
internal static class StreamMLLimitsExtensions
{
    /// <summary>Registers the rate limiter and request timeouts of <paramref name="limits"/>.</summary>
    public static IServiceCollection AddStreamMLLimits(this IServiceCollection services, ApiLimitsOptions limits)
    {
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            o.OnRejected = RejectedAsync;
        });
        services.AddRequestTimeouts(o =>
        {
            if (limits.RequestTimeout > TimeSpan.Zero)
            {
                o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = limits.RequestTimeout, TimeoutStatusCode = StatusCodes.Status504GatewayTimeout };
            }
        });
        return services;
    }

    /// <summary>Adds the limits to the pipeline; the rate limiter comes after authentication, so callers are told apart by name.</summary>
    public static WebApplication UseStreamMLLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseRequestTimeouts();
        return app;
    }

    /// <summary>
    /// One token bucket per caller: an authenticated caller by name (so one key is one budget wherever it calls from), one
    /// without credentials by remote address. Probes are never limited: an orchestrator must always see the silo's state.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext context, ApiLimitsOptions limits)
    {
        if (limits.RequestsPerSecond == 0 || context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz"))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var key = context.User.Identity is { IsAuthenticated: true }
            ? "caller:" + Caller.NameOf(context.User)
            : "address:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.RequestBurst,
            TokensPerPeriod = limits.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Json(
                new { error = $"too many requests from this caller (StreamML:Api:RequestsPerSecond); retry after {seconds} s" },
                statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(rejected.HttpContext);
    }
}
