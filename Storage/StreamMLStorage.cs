using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Providers;
using StackExchange.Redis;

namespace StreamML.Storage;

/// <summary>
/// Chooses the silo's grain storage and clustering from configuration (<c>StreamML:Storage</c>,
/// <c>StreamML:Clustering</c>), so one build runs embedded (file, localhost), self-hosted (Redis, PostgreSQL) or on
/// Azure (Blob) by configuration alone.
/// </summary>
public static class StreamMLStorage
{
    /// <summary>The grain-storage backends.</summary>
    public static readonly IReadOnlyList<string> StorageProviders = ["File", "Memory", "Redis", "AdoNet", "AzureBlob"];

    /// <summary>The clustering providers.</summary>
    public static readonly IReadOnlyList<string> ClusteringProviders = ["Localhost", "Redis", "AdoNet"];

    /// <summary>
    /// Registers the configured grain storage (under each of <see cref="StreamMLStorageOptions.Names"/>, or as the
    /// default) and clustering on <paramref name="builder"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The configuration is invalid; every problem is listed.</exception>
    public static ISiloBuilder AddStreamMLStorage(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection(StreamMLStorageOptions.SectionName).Get<StreamMLStorageOptions>() ?? new StreamMLStorageOptions();
        var clustering = configuration.GetSection(StreamMLClusteringOptions.SectionName).Get<StreamMLClusteringOptions>() ?? new StreamMLClusteringOptions();
        var failures = Validate(storage, clustering);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(StreamMLStorageOptions.SectionName, typeof(StreamMLStorageOptions), failures);
        }

        var names = storage.Names.Count > 0 ? storage.Names.Distinct(StringComparer.Ordinal).ToList() : [ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME];
        foreach (var name in names)
        {
            AddGrainStorage(builder, name, storage);
        }

        UseClustering(builder, clustering);
        AddSchemaInitializer(builder, storage, clustering);
        return builder;
    }

    /// <summary>Applies the Orleans PostgreSQL schema at start-up where the storage or clustering settings ask for it.</summary>
    public static void AddSchemaInitializer(ISiloBuilder builder, StreamMLStorageOptions storage, StreamMLClusteringOptions clustering)
    {
        var schemas = new[] { storage.Provider.Equals("AdoNet", StringComparison.OrdinalIgnoreCase) ? storage.AdoNet : null,
                              clustering.Provider.Equals("AdoNet", StringComparison.OrdinalIgnoreCase) ? clustering.AdoNet : null }
            .Where(s => s is { ApplySchema: true })
            .Select(s => s!.ConnectionString!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (schemas.Length > 0)
        {
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaInitializer(schemas));
        }
    }

    /// <summary>Every problem with the storage and clustering settings, all at once; empty when they are valid.</summary>
    public static IReadOnlyList<string> Validate(StreamMLStorageOptions storage, StreamMLClusteringOptions clustering)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(clustering);
        var failures = new List<string>();
        const string S = StreamMLStorageOptions.SectionName;
        const string C = StreamMLClusteringOptions.SectionName;

        switch (Match(storage.Provider, StorageProviders))
        {
            case null:
                failures.Add($"{S}:Provider '{storage.Provider}' is not one of {string.Join(", ", StorageProviders)}.");
                break;
            case "File" when string.IsNullOrWhiteSpace(storage.File.RootDirectory):
                failures.Add($"{S}:File:RootDirectory must not be empty.");
                break;
            case "Redis":
                ValidateRedis($"{S}:Redis", storage.Redis, failures);
                break;
            case "AdoNet":
                ValidateAdoNet($"{S}:AdoNet", storage.AdoNet, failures);
                break;
            case "AzureBlob":
                failures.AddRange(storage.AzureBlob.Validate());
                break;
        }

        if (storage.Names.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{S}:Names must not contain empty names.");
        }

        switch (Match(clustering.Provider, ClusteringProviders))
        {
            case null:
                failures.Add($"{C}:Provider '{clustering.Provider}' is not one of {string.Join(", ", ClusteringProviders)}.");
                break;
            case "Redis":
                ValidateRedis($"{C}:Redis", clustering.Redis, failures);
                break;
            case "AdoNet":
                ValidateAdoNet($"{C}:AdoNet", clustering.AdoNet, failures);
                break;
        }

        return failures;
    }

    /// <summary>Registers grain storage <paramref name="name"/> on the backend <paramref name="storage"/> names.</summary>
    public static void AddGrainStorage(ISiloBuilder builder, string name, StreamMLStorageOptions storage)
    {
        switch (Match(storage.Provider, StorageProviders))
        {
            case "File":
                builder.AddFileGrainStorage(name, o => o.RootDirectory = Path.GetFullPath(storage.File.RootDirectory));
                break;
            case "Memory":
                builder.AddMemoryGrainStorage(name);
                break;
            case "Redis":
                builder.AddRedisGrainStorage(name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(storage.Redis.ConnectionString!));
                break;
            case "AdoNet":
                builder.AddAdoNetGrainStorage(name, o =>
                {
                    o.Invariant = storage.AdoNet.Invariant;
                    o.ConnectionString = storage.AdoNet.ConnectionString;
                });
                break;
            case "AzureBlob":
                var blob = storage.AzureBlob;
                builder.AddAzureBlobGrainStorage(name, o =>
                {
                    o.ConnectionString = blob.ConnectionString;
                    o.ServiceUri = blob.ServiceUri;
                    o.Credential = blob.Credential;
                    o.ManagedIdentityClientId = blob.ManagedIdentityClientId;
                    o.ClientOptions = blob.ClientOptions;
                    o.ContainerName = blob.ContainerName;
                    o.DeleteStateOnClear = blob.DeleteStateOnClear;
                });
                break;
        }
    }

    /// <summary>Uses the membership provider <paramref name="clustering"/> names.</summary>
    public static void UseClustering(ISiloBuilder builder, StreamMLClusteringOptions clustering)
    {
        switch (Match(clustering.Provider, ClusteringProviders))
        {
            case "Localhost":
                builder.UseLocalhostClustering();
                break;
            case "Redis":
                builder.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(clustering.Redis.ConnectionString!));
                break;
            case "AdoNet":
                builder.UseAdoNetClustering(o =>
                {
                    o.Invariant = clustering.AdoNet.Invariant;
                    o.ConnectionString = clustering.AdoNet.ConnectionString;
                });
                break;
        }
    }

    private static void ValidateRedis(string section, RedisSettings redis, List<string> failures)
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

    private static void ValidateAdoNet(string section, AdoNetSettings adoNet, List<string> failures)
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

    private static string? Match(string? value, IReadOnlyList<string> allowed) =>
        allowed.FirstOrDefault(a => string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Applies the Orleans schema before anything in the silo touches the database.</summary>
    private sealed class PostgresSchemaInitializer(IReadOnlyList<string> connectionStrings) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.First + 1, async ct =>
            {
                foreach (var connectionString in connectionStrings)
                {
                    await PostgresOrleansSchema.ApplyAsync(connectionString, ct);
                }
            });
    }
}
