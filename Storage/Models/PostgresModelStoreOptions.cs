using Npgsql;

namespace StreamML.Storage.Models;

/// <summary>Settings of <see cref="PostgresModelStore"/> (section <c>StreamML:Model:Store:PostgreSql</c>).</summary>
public sealed class PostgresModelStoreOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Model:Store:PostgreSql";

    /// <summary>The Npgsql connection string of the database that holds the versions.</summary>
    /// <value>The default value is null; required when the store is used.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Every problem with these options, all at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add($"{SectionName}:{nameof(ConnectionString)} is required.");
            return failures;
        }

        try
        {
            if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(ConnectionString).Host))
            {
                failures.Add($"{SectionName}:{nameof(ConnectionString)} names no host.");
            }
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the offending keyword, never a value, so no password reaches the log.
            failures.Add($"{SectionName}:{nameof(ConnectionString)} is not an Npgsql connection string: {ex.Message}");
        }

        return failures;
    }
}
