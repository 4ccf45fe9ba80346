using System.Globalization;

namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// Builds drift detectors by River name with River's parameter names and defaults, from text parameters such as
/// those of <c>streamml drift --param name=value</c>.
/// </summary>
/// <remarks>
/// Adding a detector is one entry in <see cref="BuiltIn"/> (or one <see cref="Register"/> call from the code that
/// owns it): a <see cref="DriftDetectorDescriptor"/> with its parameter specs and a create function.
/// </remarks>
public static class DriftDetectorFactory
{
    private static readonly DriftDetectorDescriptor[] BuiltIn =
    [
        new("ADWIN",
            [
                new("delta", DriftParameterKind.Real, "0.002", "Significance value of the cut test."),
                new("clock", DriftParameterKind.Integer, "32", "Number of updates between two cut tests."),
                new("max_buckets", DriftParameterKind.Integer, "5", "Buckets of each size kept before two are merged."),
                new("min_window_length", DriftParameterKind.Integer, "5", "Shortest sub-window a cut may leave."),
                new("grace_period", DriftParameterKind.Integer, "10", "Window length needed before the first test."),
            ],
            p => new Adwin(p.GetDouble("delta"), p.GetInt("clock"), p.GetInt("max_buckets"), p.GetInt("min_window_length"), p.GetInt("grace_period"))),
        new("PageHinkley",
            [
                new("min_instances", DriftParameterKind.Integer, "30", "Values needed before a drift can be reported."),
                new("delta", DriftParameterKind.Real, "0.005", "Magnitude of changes that are tolerated."),
                new("threshold", DriftParameterKind.Real, "50.0", "Detection threshold (lambda)."),
                new("alpha", DriftParameterKind.Real, "0.9999", "Forgetting factor of the cumulative sums."),
                new("mode", DriftParameterKind.Choice, "both", "Which changes of the mean are reported.", ["up", "down", "both"]),
            ],
            p => new PageHinkley(p.GetInt("min_instances"), p.GetDouble("delta"), p.GetDouble("threshold"), p.GetDouble("alpha"), ParseMode(p.GetChoice("mode")))),
        new("DDM",
            [
                new("warm_start", DriftParameterKind.Integer, "30", "Values needed before a warning or drift can be reported."),
                new("warning_threshold", DriftParameterKind.Real, "2.0", "Multiple of the minimum deviation for a warning."),
                new("drift_threshold", DriftParameterKind.Real, "3.0", "Multiple of the minimum deviation for a drift."),
            ],
            p => new Ddm(p.GetInt("warm_start"), p.GetDouble("warning_threshold"), p.GetDouble("drift_threshold"))),
        new("EDDM",
            [
                new("warm_start", DriftParameterKind.Integer, "30", "Values and errors needed before anything is tested."),
                new("alpha", DriftParameterKind.Real, "0.95", "Warning level."),
                new("beta", DriftParameterKind.Real, "0.9", "Drift level."),
            ],
            p => new Eddm(p.GetInt("warm_start"), p.GetDouble("alpha"), p.GetDouble("beta"))),
        new("HDDM_A",
            [
                new("drift_confidence", DriftParameterKind.Real, "0.001", "Confidence of the drift test."),
                new("warning_confidence", DriftParameterKind.Real, "0.005", "Confidence of the warning test."),
                new("two_sided_test", DriftParameterKind.Boolean, "False", "Whether decreases of the error rate are reported too."),
            ],
            p => new HddmA(p.GetDouble("drift_confidence"), p.GetDouble("warning_confidence"), p.GetBool("two_sided_test"))),
        new("KSWIN",
            [
                new("alpha", DriftParameterKind.Real, "0.005", "Significance level of the Kolmogorov-Smirnov test."),
                new("window_size", DriftParameterKind.Integer, "100", "Size of the sliding window."),
                new("stat_size", DriftParameterKind.Integer, "30", "Size of each of the two samples compared."),
                new("seed", DriftParameterKind.OptionalInteger, "None", "Seed of the sampling generator (None: unseeded)."),
            ],
            p => new Kswin(p.GetDouble("alpha"), p.GetInt("window_size"), p.GetInt("stat_size"), p.GetOptionalLong("seed"))),
    ];

    private static readonly Lock Gate = new();
    private static DriftDetectorDescriptor[] _known = BuiltIn;

    /// <summary>The detectors the factory knows, in registration order, with their parameters and River's defaults.</summary>
    public static IReadOnlyList<DriftDetectorDescriptor> Known => Volatile.Read(ref _known);

    /// <summary>Makes one more detector known, e.g. one that lives in another part of the code base.</summary>
    /// <exception cref="ArgumentException">A detector of that name is already known, or the descriptor repeats a parameter.</exception>
    public static void Register(DriftDetectorDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in descriptor.Parameters)
        {
            if (!names.Add(spec.Name))
            {
                throw new ArgumentException($"{descriptor.Name} lists parameter '{spec.Name}' twice", nameof(descriptor));
            }
        }

        lock (Gate)
        {
            if (Find(_known, descriptor.Name) is not null)
            {
                throw new ArgumentException($"a detector named '{descriptor.Name}' is already known", nameof(descriptor));
            }

            Volatile.Write(ref _known, [.. _known, descriptor]);
        }
    }

    /// <summary>The descriptor of a detector by name (ASCII case-insensitive), or null when it is unknown.</summary>
    public static DriftDetectorDescriptor? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(Volatile.Read(ref _known), name);
    }

    /// <summary>Creates a detector by River name, with the given parameters and River's defaults for the rest.</summary>
    /// <param name="name">ADWIN, PageHinkley, DDM, EDDM, HDDM_A, KSWIN or any registered name (case-insensitive).</param>
    /// <param name="parameters">Parameter values as text, by River parameter name.</param>
    /// <exception cref="ArgumentException">
    /// The detector or a parameter is unknown, or a value does not parse or is out of range; the message is one sentence.
    /// </exception>
    public static IDriftDetector Create(string name, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameters);
        var known = Volatile.Read(ref _known);
        var descriptor = Find(known, name)
            ?? throw new ArgumentException($"unknown detector '{name}' (known: {string.Join(", ", known.Select(d => d.Name))})");

        foreach (var given in parameters.Keys)
        {
            if (!descriptor.Parameters.Any(p => string.Equals(p.Name, given, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"{descriptor.Name} has no parameter '{given}' (parameters: {string.Join(", ", descriptor.Parameters.Select(p => p.Name))})");
            }
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var spec in descriptor.Parameters)
        {
            var text = parameters.TryGetValue(spec.Name, out var given) ? given : spec.Default;
            if (!DriftParameters.TryParse(spec, text, out var value, out var expected))
            {
                throw new ArgumentException($"{descriptor.Name} parameter '{spec.Name}' expects {expected}, got '{text}'");
            }

            values[spec.Name] = value;
        }

        try
        {
            return descriptor.Create(new DriftParameters(values));
        }
        catch (DriftParameterException ex)
        {
            throw new ArgumentException($"{descriptor.Name} parameter '{ex.ParamName}' {ex.Requirement}, got '{Format(ex.ActualValue)}'", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException($"{descriptor.Name} parameter '{ex.ParamName}' is out of range, got '{Format(ex.ActualValue)}'", ex);
        }
    }

    private static DriftDetectorDescriptor? Find(DriftDetectorDescriptor[] known, string name)
    {
        foreach (var d in known)
        {
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }

        return null;
    }

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        null => "",
        _ => value.ToString() ?? "",
    };

    private static PageHinkleyMode ParseMode(string mode) => mode switch
    {
        "up" => PageHinkleyMode.Up,
        "down" => PageHinkleyMode.Down,
        _ => PageHinkleyMode.Both,
    };
}
