using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace StreamML.Storage;

/// <summary>Registers <see cref="AzureBlobGrainStorage"/> on a silo.</summary>
public static class AzureBlobGrainStorageExtensions
{
    /// <summary>Adds Azure Blob grain storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddAzureBlobGrainStorage(this ISiloBuilder builder, string name, Action<AzureBlobGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddAzureBlobGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds Azure Blob grain storage as the default grain storage.</summary>
    public static ISiloBuilder AddAzureBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<AzureBlobGrainStorageOptions> configure) =>
        builder.AddAzureBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds Azure Blob grain storage named <paramref name="name"/> to a silo's services.</summary>
    public static IServiceCollection AddAzureBlobGrainStorage(this IServiceCollection services, string name, Action<AzureBlobGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AzureBlobGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureBlobGrainStorageOptions>, AzureBlobGrainStorageOptionsValidator>());
        // Fills GrainStorageSerializer with the silo's default when the caller did not choose one.
        services.AddTransient<IPostConfigureOptions<AzureBlobGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<AzureBlobGrainStorageOptions>>();
        services.ConfigureNamedOptionForLogging<AzureBlobGrainStorageOptions>(name);
        services.AddGrainStorage(name, static (sp, n) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get(n);
            return ActivatorUtilities.CreateInstance<AzureBlobGrainStorage>(sp, n, options);
        });
        return services;
    }
}
