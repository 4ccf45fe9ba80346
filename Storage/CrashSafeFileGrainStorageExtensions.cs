using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace StreamML.Storage;

/// <summary>Registers <see cref="CrashSafeFileGrainStorage"/> on a silo.</summary>
public static class CrashSafeFileGrainStorageExtensions
{
    /// <summary>Adds crash-safe file grain storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddCrashSafeFileGrainStorage(this ISiloBuilder builder, string name, Action<FileGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCrashSafeFileGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds crash-safe file grain storage named <paramref name="name"/> to a silo's services.</summary>
    public static IServiceCollection AddCrashSafeFileGrainStorage(this IServiceCollection services, string name, Action<FileGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FileGrainStorageOptions>(name).Configure(configure);

        // Fills GrainStorageSerializer with the silo's default when the caller did not choose one.
        services.AddTransient<IPostConfigureOptions<FileGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<FileGrainStorageOptions>>();
        services.AddGrainStorage(name, static (sp, n) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(n);
            return ActivatorUtilities.CreateInstance<CrashSafeFileGrainStorage>(sp, n, options);
        });
        return services;
    }
}
