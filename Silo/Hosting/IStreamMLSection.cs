namespace StreamML.Silo.Hosting;

/// <summary>One options section of a silo, handled the same way whether configuration binds it or code builds it.</summary>
internal interface IStreamMLSection
{
    /// <summary>The configuration section it binds from.</summary>
    string Name { get; }

    /// <summary>The options type the section binds to.</summary>
    Type OptionsType { get; }

    /// <summary>Binds the section from <paramref name="configuration"/> into <paramref name="settings"/>, as the silo's container will.</summary>
    void Bind(IConfiguration configuration, StreamMLSettings settings);

    /// <summary>Every problem of the section's value in <paramref name="settings"/>, found by the validators the silo registers.</summary>
    IEnumerable<string> Problems(StreamMLSettings settings);

    /// <summary>
    /// Registers the section's options, validated on start: bound from configuration, or handed out as built in
    /// <paramref name="settings"/>; the host options in <paramref name="settings"/> say which validators apply.
    /// </summary>
    void Register(IServiceCollection services, StreamMLSettings settings, bool bindConfiguration);
}
