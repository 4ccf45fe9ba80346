using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace StreamML.Silo.Hosting;

/// <summary>An options section of type <typeparamref name="T"/>.</summary>
/// <param name="name">The configuration section.</param>
/// <param name="get">Where <see cref="StreamMLSettings"/> keeps the value.</param>
/// <param name="set">How a bound value is put into <see cref="StreamMLSettings"/>.</param>
/// <param name="validators">The validators that apply under the given host options (some depend on the source or grain storage in use).</param>
/// <param name="afterBinding">A step that completes a bound value (e.g. a default that depends on what was configured).</param>
internal sealed class StreamMLSection<T>(
    string name,
    Func<StreamMLSettings, T> get,
    Action<StreamMLSettings, T> set,
    Func<StreamMLHostOptions, IEnumerable<IValidateOptions<T>>> validators,
    Action<T>? afterBinding = null) : IStreamMLSection
    where T : class, new()
{
    public string Name => name;

    public Type OptionsType => typeof(T);

    public void Bind(IConfiguration configuration, StreamMLSettings settings)
    {
        var value = new T();
        configuration.GetSection(name).Bind(value);
        afterBinding?.Invoke(value);
        set(settings, value);
    }

    public IEnumerable<string> Problems(StreamMLSettings settings)
    {
        var value = get(settings);
        return validators(settings.Host)
            .Select(v => v.Validate(Options.DefaultName, value))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures ?? []);
    }

    public void Register(IServiceCollection services, StreamMLSettings settings, bool bindConfiguration)
    {
        var options = services.AddOptions<T>();
        if (bindConfiguration)
        {
            options.BindConfiguration(name);
            if (afterBinding is not null)
            {
                options.PostConfigure(afterBinding);
            }
        }
        else
        {
            var value = get(settings);
            services.Replace(ServiceDescriptor.Singleton<IOptionsFactory<T>>(sp => new SuppliedOptionsFactory<T>(
                value, sp.GetServices<IConfigureOptions<T>>(), sp.GetServices<IPostConfigureOptions<T>>(), sp.GetServices<IValidateOptions<T>>())));
        }

        options.ValidateOnStart();
        foreach (var validator in validators(settings.Host))
        {
            services.AddSingleton(validator);
        }
    }
}
