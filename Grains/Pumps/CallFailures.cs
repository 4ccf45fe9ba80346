using System.Data.Common;
using System.Net.Sockets;
using Orleans.Serialization;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Pumps;

/// <summary>Why a call from a pump failed, which decides what the pump does with the batch.</summary>
internal enum CallFailure
{
    /// <summary>Inherent to the records (the grain throws the same way every time): bounded attempts, then dead-letter.</summary>
    Permanent,

    /// <summary>The platform, not the records: a silo gone, the cluster reconfiguring, storage restarting. Retried until it succeeds.</summary>
    Transient,
}

/// <summary>
/// Tells transient failures from permanent ones, for grain calls, state writes and checkpoint stores. Types of libraries
/// this assembly does not reference (StackExchange.Redis, Npgsql, Azure) are recognised by name, which also covers an
/// exception that crossed a silo boundary as Orleans' <see cref="UnavailableExceptionFallbackException"/>.
/// </summary>
internal static class CallFailures
{
    // Recognised by full name, the exception's own type or any base type.
    private static readonly HashSet<string> TransientTypes = new(StringComparer.Ordinal)
    {
        "Orleans.Runtime.SiloUnavailableException",
        "Orleans.Runtime.OrleansMessageRejectionException",
        "Orleans.Runtime.ClientNotAvailableException",
        "Orleans.Runtime.GatewayTooBusyException",
        "Orleans.Runtime.LimitExceededException",
        "Orleans.Runtime.OrleansLifecycleCanceledException",
        "Orleans.Runtime.Messaging.ConnectionFailedException",
        "Orleans.Networking.Shared.SocketConnectionException",
        "Orleans.Storage.InconsistentStateException",
        "StackExchange.Redis.RedisConnectionException",
        "StackExchange.Redis.RedisTimeoutException",
        "Npgsql.NpgsqlException",
        "System.TimeoutException",
        "System.IO.IOException",
        "System.Net.Sockets.SocketException",
        "System.Net.Http.HttpRequestException",
        "System.OperationCanceledException",
    };

    // Mistakes of configuration or of a type's shape: they fail the same way on every attempt.
    private static readonly HashSet<string> PermanentTypes = new(StringComparer.Ordinal)
    {
        "Orleans.Runtime.OrleansConfigurationException",
        "Orleans.Runtime.GrainExtensionNotInstalledException",
        "Orleans.Storage.BadProviderConfigException",
        "Orleans.Providers.ProviderInitializationException",
    };

    // Replies of a Redis server that is starting, failing over or busy with a script (the first word of the error).
    private static readonly string[] TransientRedisErrors = ["LOADING", "MASTERDOWN", "TRYAGAIN", "READONLY", "BUSY", "CLUSTERDOWN"];

    // Azure.RequestFailedException statuses worth another try: no response, timeout, throttling, server-side errors.
    private static readonly HashSet<int> TransientHttpStatuses = [0, 408, 429, 500, 502, 503, 504];

    /// <summary>Whether <paramref name="exception"/> is transient or permanent.</summary>
    public static CallFailure Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Verdict(exception, depth: 0) ?? CallFailure.Permanent;
    }

    /// <summary>Whether <paramref name="exception"/> is transient.</summary>
    public static bool IsTransient(Exception exception) => Classify(exception) == CallFailure.Transient;

    /// <summary>
    /// Whether <paramref name="exception"/> says an entity group applied records but could not write its state
    /// (<see cref="GroupStateWriteException"/>, also as the cause of a wrapper or recorded by name across a silo boundary).
    /// </summary>
    public static bool IsStateNotWritten(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var (e, depth) = (exception, 0); e is not null && depth <= 16; (e, depth) = (e.InnerException, depth + 1))
        {
            if (e is GroupStateWriteException || Names(e).Contains(typeof(GroupStateWriteException).FullName!))
            {
                return true;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStateNotWritten);
            }
        }

        return false;
    }

    private static CallFailure? Verdict(Exception e, int depth)
    {
        if (depth > 16)
        {
            return null;
        }

        if (e is AggregateException aggregate)
        {
            // Transient only if every part is: one deterministic failure among them fails the same way next time.
            var parts = aggregate.InnerExceptions;
            if (parts.Count == 0)
            {
                return null;
            }

            foreach (var part in parts)
            {
                if (Verdict(part, depth + 1) != CallFailure.Transient)
                {
                    return CallFailure.Permanent;
                }
            }

            return CallFailure.Transient;
        }

        var own = Own(e);
        if (own is not null)
        {
            return own;
        }

        if (e.InnerException is { } inner)
        {
            // A wrapper (Orleans' storage bridge, Redis grain storage) is what its cause is.
            return Verdict(inner, depth + 1);
        }

        // The runtime's own failures with no further cause (a forward that failed, an activation that went away).
        return IsA(e, "Orleans.Runtime.OrleansException") ? CallFailure.Transient : null;
    }

    private static CallFailure? Own(Exception e)
    {
        switch (e)
        {
            case DbException db:
                // Npgsql and other ADO.NET providers say themselves whether a retry can succeed.
                return db.IsTransient ? CallFailure.Transient : CallFailure.Permanent;
            case SocketException or TimeoutException or IOException:
                return CallFailure.Transient;
        }

        var names = Names(e);
        if (names.Any(PermanentTypes.Contains))
        {
            return CallFailure.Permanent;
        }

        if (names.Any(TransientTypes.Contains))
        {
            return CallFailure.Transient;
        }

        if (names.Contains("StackExchange.Redis.RedisServerException"))
        {
            var word = e.Message.Split(' ', 2)[0];
            return TransientRedisErrors.Contains(word, StringComparer.Ordinal) ? CallFailure.Transient : CallFailure.Permanent;
        }

        if (names.Contains("Azure.RequestFailedException"))
        {
            return e.GetType().GetProperty("Status")?.GetValue(e) is int status && TransientHttpStatuses.Contains(status)
                ? CallFailure.Transient
                : CallFailure.Permanent;
        }

        if (e is not UnavailableExceptionFallbackException && e.GetType().Namespace?.StartsWith("Orleans.Serialization", StringComparison.Ordinal) == true)
        {
            // A value Orleans cannot serialize or copy fails the same way on every attempt.
            return CallFailure.Permanent;
        }

        return null;
    }

    /// <summary>The full names of the exception's type and its base types; for an exception whose type did not cross a silo boundary, its recorded name.</summary>
    private static List<string> Names(Exception e)
    {
        var names = new List<string>(4);
        if (e is UnavailableExceptionFallbackException fallback)
        {
            if (!string.IsNullOrEmpty(fallback.ExceptionType))
            {
                // Recorded as an assembly-qualified name: keep the type's full name.
                names.Add(fallback.ExceptionType.Split(',', 2)[0].Trim());
            }

            return names;
        }

        for (var type = e.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
        {
            names.Add(type.FullName ?? type.Name);
        }

        return names;
    }

    private static bool IsA(Exception e, string fullName) => Names(e).Contains(fullName);
}
