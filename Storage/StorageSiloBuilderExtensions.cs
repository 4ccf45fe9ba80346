using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using StackExchange.Redis;
using StreamML.Core.Encryption;
using StreamML.Storage.Encryption;

namespace StreamML.Storage;

/// <summary>
/// Registers grain storage and clustering on a silo from their settings (<c>StreamML:Storage</c>,
/// <c>StreamML:Clustering</c>), so one build runs embedded (file, localhost), self-hosted (Redis, PostgreSQL) or on
/// Azure (Blob) by configuration alone.
/// </summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>
    /// Registers the configured grain storage (under each of <see cref="StreamMLStorageOptions.Names"/>, or as the
    /// default, encrypted when <c>StreamML:Encryption</c> says so) and clustering on <paramref name="builder"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The configuration is invalid; every problem is listed.</exception>
    public static ISiloBuilder AddStreamMLStorage(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        var storage = Read(configuration, StreamMLStorageOptions.SectionName, new StreamMLStorageOptionsValidator(), failures);
        var clustering = Read(configuration, StreamMLClusteringOptions.SectionName, new StreamMLClusteringOptionsValidator(), failures);
        var encryption = new EncryptionOptions();
        configuration.GetSection(EncryptionOptions.SectionName).Bind(encryption);
        failures.AddRange(encryption.Validate());
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(StreamMLStorageOptions.SectionName, typeof(StreamMLStorageOptions), failures);
        }

        var names = storage.Names.Count > 0 ? storage.Names.Distinct(StringComparer.Ordinal).ToList() : [ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME];
        foreach (var name in names)
        {
            builder.AddStreamMLGrainStorage(name, storage.Provider, storage);
        }

        if (encryption.Enabled)
        {
            // Keys from configuration only: Key Vault secrets are read by the StreamML host.
            builder.Services.TryAddSingleton(_ => new EnvelopeCipher(KeyRing.FromOptions(encryption, readSecret: null), encryption.AllowUnencrypted));
            builder.AddGrainStateEncryption(names);
        }

        builder.UseStreamMLClustering(clustering);
        builder.AddOrleansSchemaInitializer(storage.Provider, storage, clustering);
        return builder;
    }

    /// <summary>
    /// Applies the Orleans PostgreSQL schema at start-up where grain storage <paramref name="storageProvider"/> or the
    /// clustering settings ask for it.
    /// </summary>
    public static ISiloBuilder AddOrleansSchemaInitializer(this ISiloBuilder builder, GrainStorageProvider storageProvider, StreamMLStorageOptions storage, StreamMLClusteringOptions clustering)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(clustering);
        var schemas = new[] { storageProvider == GrainStorageProvider.AdoNet ? storage.AdoNet : null,
                              clustering.Provider == ClusteringProvider.AdoNet ? clustering.AdoNet : null }
            .Where(s => s is { ApplySchema: true })
            .Select(s => s!.ConnectionString!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (schemas.Length > 0)
        {
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaInitializer(schemas));
        }

        return builder;
    }

    /// <summary>Registers grain storage <paramref name="name"/> on backend <paramref name="provider"/>, connected as <paramref name="storage"/> says.</summary>
    public static ISiloBuilder AddStreamMLGrainStorage(this ISiloBuilder builder, string name, GrainStorageProvider provider, StreamMLStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        switch (provider)
        {
            case GrainStorageProvider.File:
                builder.AddCrashSafeFileGrainStorage(name, o => o.RootDirectory = Path.GetFullPath(storage.File.RootDirectory));
                break;
            case GrainStorageProvider.Memory:
                builder.AddMemoryGrainStorage(name);
                break;
            case GrainStorageProvider.Redis:
                builder.AddRedisGrainStorage(name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(storage.Redis.ConnectionString!));
                break;
            case GrainStorageProvider.AdoNet:
                builder.AddAdoNetGrainStorage(name, o =>
                {
                    o.Invariant = storage.AdoNet.Invariant;
                    o.ConnectionString = storage.AdoNet.ConnectionString;
                });
                break;
            case GrainStorageProvider.AzureBlob:
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
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not a grain storage backend.");
        }

        return builder;
    }

    /// <summary>Uses the membership provider <paramref name="clustering"/> names.</summary>
    public static ISiloBuilder UseStreamMLClustering(this ISiloBuilder builder, StreamMLClusteringOptions clustering)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(clustering);
        switch (clustering.Provider)
        {
            case ClusteringProvider.Localhost:
                builder.UseLocalhostClustering();
                break;
            case ClusteringProvider.Redis:
                builder.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(clustering.Redis.ConnectionString!));
                break;
            case ClusteringProvider.AdoNet:
                builder.UseAdoNetClustering(o =>
                {
                    o.Invariant = clustering.AdoNet.Invariant;
                    o.ConnectionString = clustering.AdoNet.ConnectionString;
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(clustering), clustering.Provider, "Not a clustering provider.");
        }

        return builder;
    }

    /// <summary>Binds section <paramref name="section"/> and adds its problems, or the binder's, to <paramref name="failures"/>.</summary>
    private static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, List<string> failures)
        where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(ex.Message);
            return options;
        }

        if (validator.Validate(Options.DefaultName, options) is { Failed: true, Failures: { } problems })
        {
            failures.AddRange(problems);
        }

        return options;
    }

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
