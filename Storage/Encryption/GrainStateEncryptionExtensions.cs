using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using StreamML.Core.Encryption;

namespace StreamML.Storage.Encryption;

/// <summary>
/// Turns on encryption at rest for named grain storages of any backend: each one's serializer is wrapped by an
/// <see cref="EncryptingGrainStorageSerializer"/> and the storage itself by an <see cref="EncryptingGrainStorage"/>.
/// </summary>
public static class GrainStateEncryptionExtensions
{
    /// <summary>
    /// Encrypts the state of the grain storages <paramref name="names"/>, which must be registered already, with the
    /// silo's <see cref="EnvelopeCipher"/> (a singleton the caller registers).
    /// </summary>
    /// <exception cref="InvalidOperationException">One of <paramref name="names"/> is not a registered grain storage.</exception>
    public static ISiloBuilder AddGrainStateEncryption(this ISiloBuilder builder, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(names);
        var services = builder.Services;
        var encrypted = names.ToHashSet(StringComparer.Ordinal);
        foreach (var name in encrypted)
        {
            DecorateStorage(services, name);
        }

        // Every backend's options carry the serializer it stores with; its own post-configuration fills the silo's
        // default in, so this one, registered after it, wraps whatever was chosen.
        var optionTypes = services
            .Where(d => d.ServiceType.IsGenericType
                        && (d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>) || d.ServiceType.GetGenericTypeDefinition() == typeof(IPostConfigureOptions<>)))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => typeof(IStorageProviderSerializerOptions).IsAssignableFrom(t))
            .Distinct()
            .ToList();
        foreach (var type in optionTypes)
        {
            var configurator = typeof(EncryptingSerializerConfigurator<>).MakeGenericType(type);
            services.AddSingleton(typeof(IPostConfigureOptions<>).MakeGenericType(type), sp => ActivatorUtilities.CreateInstance(sp, configurator, encrypted));
        }

        return builder;
    }

    private static void DecorateStorage(IServiceCollection services, string name)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(IGrainStorage) && services[i].IsKeyedService && Equals(services[i].ServiceKey, name))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"No grain storage named '{name}' is registered, so its state cannot be encrypted.");
        }

        var original = services[index];
        services[index] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(name, (sp, key) => new EncryptingGrainStorage(name, Create(original, sp, key)));
    }

    private static IGrainStorage Create(ServiceDescriptor original, IServiceProvider services, object? key) =>
        (IGrainStorage)(original.KeyedImplementationInstance
            ?? original.KeyedImplementationFactory?.Invoke(services, key)
            ?? ActivatorUtilities.CreateInstance(services, original.KeyedImplementationType!));

    /// <summary>Wraps the serializer of the encrypted storages' options of type <typeparamref name="TOptions"/>.</summary>
    private sealed class EncryptingSerializerConfigurator<TOptions>(EnvelopeCipher cipher, HashSet<string> names) : IPostConfigureOptions<TOptions>
        where TOptions : class, IStorageProviderSerializerOptions
    {
        public void PostConfigure(string? name, TOptions options)
        {
            if (name is not null && names.Contains(name) && options.GrainStorageSerializer is { } serializer and not EncryptingGrainStorageSerializer)
            {
                options.GrainStorageSerializer = new EncryptingGrainStorageSerializer(serializer, cipher);
            }
        }
    }
}
