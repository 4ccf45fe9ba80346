namespace StreamML.Silo.Hosting;

/// <summary>Reads <see cref="StreamMLSettings"/> from configuration and refuses to start with a list of every problem.</summary>
public static class StreamMLConfiguration
{
    /// <summary>
    /// Binds every section as the silo's container will and validates each with the validators the silo registers, so
    /// the wiring decides on the same values and every problem of every section is reported at once.
    /// </summary>
    /// <exception cref="StreamMLConfigurationException">Anything is wrong; the exception lists every problem.</exception>
    public static StreamMLSettings ReadValidated(IConfiguration configuration) => ReadValidated(configuration, []);

    /// <summary>As <see cref="ReadValidated(IConfiguration)"/>, with problems the host found outside the sections listed first.</summary>
    /// <exception cref="StreamMLConfigurationException">Anything is wrong; the exception lists every problem.</exception>
    internal static StreamMLSettings ReadValidated(IConfiguration configuration, IEnumerable<string> hostProblems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unconvertible = StreamMLSections.All.ToDictionary(
            s => s, s => UnconvertibleValues.Find(configuration.GetSection(s.Name), s.OptionsType).ToList());
        var readable = Without(configuration, unconvertible.Values.SelectMany(u => u).Select(u => u.Key));
        var settings = new StreamMLSettings();
        var problems = new List<string>(hostProblems);
        foreach (var section in StreamMLSections.All)
        {
            problems.AddRange(unconvertible[section].Select(u => u.Problem));
            try
            {
                section.Bind(readable, settings);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(ex.Message);
                continue;
            }

            problems.AddRange(section.Problems(settings));
        }

        if (problems.Count > 0)
        {
            throw new StreamMLConfigurationException(problems);
        }

        return settings;
    }

    private static IConfiguration Without(IConfiguration configuration, IEnumerable<string> keys)
    {
        var left = new HashSet<string>(keys, StringComparer.OrdinalIgnoreCase);
        return left.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddInMemoryCollection(configuration.AsEnumerable().Where(pair => !left.Contains(pair.Key))).Build();
    }
}
