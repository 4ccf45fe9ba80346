using StackExchange.Redis;

namespace StreamML.Storage;

/// <summary>The checks grain storage and clustering share for the servers they connect to.</summary>
internal static class ConnectionChecks
{
    /// <summary>Adds the problems of a Redis connection configured under <paramref name="section"/>.</summary>
    public static void Redis(string section, RedisSettings redis, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
        {
            failures.Add($"{section}:ConnectionString is required.");
            return;
        }

        try
        {
            if (ConfigurationOptions.Parse(redis.ConnectionString).EndPoints.Count == 0)
            {
                failures.Add($"{section}:ConnectionString names no endpoint.");
            }
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{section}:ConnectionString is not a Redis configuration string: {ex.Message}");
        }
    }

    /// <summary>Adds the problems of a database connection configured under <paramref name="section"/>.</summary>
    public static void AdoNet(string section, AdoNetSettings adoNet, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(adoNet.ConnectionString))
        {
            failures.Add($"{section}:ConnectionString is required.");
        }

        if (string.IsNullOrWhiteSpace(adoNet.Invariant))
        {
            failures.Add($"{section}:Invariant is required (e.g. {PostgresOrleansSchema.Invariant}).");
        }
        else if (adoNet.ApplySchema && !string.Equals(adoNet.Invariant, PostgresOrleansSchema.Invariant, StringComparison.Ordinal))
        {
            failures.Add($"{section}:ApplySchema is only available for {PostgresOrleansSchema.Invariant} (PostgreSQL); apply the Orleans scripts of '{adoNet.Invariant}' yourself.");
        }
    }
}
