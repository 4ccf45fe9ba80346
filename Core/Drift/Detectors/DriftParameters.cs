using System.Globalization;

namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// The parsed parameters handed to a detector's create function: every parameter of the detector is present, either as
/// given or as River's default, and already checked against its kind.
/// </summary>
public sealed class DriftParameters
{
    private readonly Dictionary<string, object> _values;

    internal DriftParameters(Dictionary<string, object> values) => _values = values;

    /// <summary>An integer parameter.</summary>
    /// <exception cref="KeyNotFoundException">No integer parameter has that name.</exception>
    public int GetInt(string name) => Get<int>(name);

    /// <summary>A real parameter.</summary>
    /// <exception cref="KeyNotFoundException">No real parameter has that name.</exception>
    public double GetDouble(string name) => Get<double>(name);

    /// <summary>A boolean parameter.</summary>
    /// <exception cref="KeyNotFoundException">No boolean parameter has that name.</exception>
    public bool GetBool(string name) => Get<bool>(name);

    /// <summary>A choice parameter, as one of its words.</summary>
    /// <exception cref="KeyNotFoundException">No choice parameter has that name.</exception>
    public string GetChoice(string name) => Get<string>(name);

    /// <summary>An optional integer parameter: null when it is <c>None</c>.</summary>
    /// <exception cref="KeyNotFoundException">No optional integer parameter has that name.</exception>
    public long? GetOptionalLong(string name) =>
        _values.TryGetValue(name, out var value) && value is OptionalLong o ? o.Value : throw new KeyNotFoundException($"no optional integer parameter '{name}'");

    private T Get<T>(string name)
    {
        if (_values.TryGetValue(name, out var value) && value is T typed)
        {
            return typed;
        }

        throw new KeyNotFoundException($"no {typeof(T).Name} parameter '{name}'");
    }

    internal static bool TryParse(DriftParameterSpec spec, string text, out object value, out string expected)
    {
        var s = text.Trim();
        switch (spec.Kind)
        {
            case DriftParameterKind.Integer:
                expected = "an integer";
                if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    value = i;
                    return true;
                }

                break;
            case DriftParameterKind.Real:
                expected = "a number";
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    value = d;
                    return true;
                }

                break;
            case DriftParameterKind.OptionalInteger:
                expected = "an integer or None";
                if (s is "None" or "none" || s.Length == 0)
                {
                    value = new OptionalLong(null);
                    return true;
                }

                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    value = new OptionalLong(l);
                    return true;
                }

                break;
            case DriftParameterKind.Boolean:
                expected = "True, False, true, false, 1 or 0";
                switch (s)
                {
                    case "True" or "true" or "1":
                        value = true;
                        return true;
                    case "False" or "false" or "0":
                        value = false;
                        return true;
                }

                break;
            default:
                expected = string.Join(", ", spec.Choices);
                foreach (var choice in spec.Choices)
                {
                    if (string.Equals(choice, s, StringComparison.Ordinal))
                    {
                        value = choice;
                        return true;
                    }
                }

                expected = "one of " + expected;
                break;
        }

        value = 0;
        return false;
    }

    private sealed record OptionalLong(long? Value)
    {
        public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? "None";
    }
}
