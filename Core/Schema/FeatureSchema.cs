using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace StreamML.Core.Schema;

/// <summary>
/// The declared input of a model: the features events carry, the windows kept per entity, the aggregates computed,
/// and the limits validation applies. Bound from configuration section <see cref="SectionName"/>.
/// </summary>
/// <remarks>
/// The <see cref="Hash"/> covers everything that changes the meaning or order of the feature vector; it is stored
/// with every model version, and a model trained under another hash is refused. Validation limits are not part of
/// the hash: they change which events are accepted, not what a feature means.
/// </remarks>
public sealed class FeatureSchema
{
    /// <summary>Configuration section the schema binds from.</summary>
    public const string SectionName = "StreamML:Schema";

    /// <summary>The model this schema feeds.</summary>
    /// <value>The default value is "default".</value>
    public string Model { get; set; } = "default";

    /// <summary>What the model predicts.</summary>
    /// <value>The default value is <see cref="ModelTask.BinaryClassification"/>.</value>
    public ModelTask Task { get; set; } = ModelTask.BinaryClassification;

    /// <summary>The input features, in vector order.</summary>
    public IList<FeatureDefinition> Features { get; set; } = [];

    /// <summary>The windows kept per entity.</summary>
    public IList<WindowDefinition> Windows { get; set; } = [];

    /// <summary>Whether the current event's raw values lead the feature vector.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludeRawValues { get; set; } = true;

    /// <summary>
    /// Whether what the entity's labels revealed so far feeds the vector: the last label, an exponentially weighted mean
    /// of its labels (<see cref="LabelEwmaAlpha"/>) and the events scored since the last label. Each event sees only labels
    /// that arrived before it, so the features are as available at serving time as in training.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool LabelFeatures { get; set; }

    /// <summary>Weight of the newest label in the label mean.</summary>
    /// <value>The default value is 0.1.</value>
    public double LabelEwmaAlpha { get; set; } = 0.1;

    /// <summary>How far behind the newest event time an event may arrive and still be in order (the watermark lag).</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan MaxOutOfOrderness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far behind the watermark an event is still accepted; older events are late and dead-lettered.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far ahead of the receiving clock an event time may be.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far behind the receiving clock an event time may be; null accepts any age (replays of history).</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan? MaxEventAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Largest accepted raw payload, in bytes.</summary>
    /// <value>The default value is 65,536 bytes.</value>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Most events an entity keeps for its windows; bounds memory per entity.</summary>
    /// <value>The default value is 64 events.</value>
    public int WindowCapacity { get; set; } = 64;

    /// <summary>Largest accepted length of an entity id or event id, in characters.</summary>
    /// <value>The default value is 256 characters.</value>
    public int MaxIdLength { get; set; } = 256;

    /// <summary>
    /// Largest accepted length of an event's segment, in characters; a segment may hold letters, digits and
    /// <c>-_.:</c> only.
    /// </summary>
    /// <value>The default value is 64 characters.</value>
    public int MaxSegmentLength { get; set; } = 64;

    /// <summary>
    /// Most distinct segments a silo monitors on their own; events of the segments seen after these are monitored
    /// together in the scope <c>other</c>, so neither monitors nor metric series grow with the segments producers send.
    /// </summary>
    /// <value>The default value is 100 segments.</value>
    public int MaxSegments { get; set; } = 100;

    /// <summary>Returns every problem with the schema at once; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("Schema.Model must not be empty.");
        }

        if (Features.Count == 0)
        {
            errors.Add("Schema.Features must declare at least one feature.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Features.Count; i++)
        {
            var name = Features[i].Name;
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"Schema.Features[{i}].Name must not be empty.");
            }
            else if (!names.Add(name))
            {
                errors.Add($"Schema.Features[{i}].Name '{name}' is declared twice.");
            }
        }

        var windowNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Windows.Count; i++)
        {
            ValidateWindow(Windows[i], $"Schema.Windows[{i}]", names, windowNames, errors);
        }

        if (MaxOutOfOrderness < TimeSpan.Zero)
        {
            errors.Add("Schema.MaxOutOfOrderness must not be negative.");
        }

        if (AllowedLateness < TimeSpan.Zero)
        {
            errors.Add("Schema.AllowedLateness must not be negative.");
        }

        if (MaxFutureSkew < TimeSpan.Zero)
        {
            errors.Add("Schema.MaxFutureSkew must not be negative.");
        }

        if (MaxEventAge is { } age && age <= TimeSpan.Zero)
        {
            errors.Add("Schema.MaxEventAge must be positive when set.");
        }

        if (MaxPayloadBytes <= 0)
        {
            errors.Add("Schema.MaxPayloadBytes must be positive.");
        }

        if (WindowCapacity is < 2 or > 4096)
        {
            errors.Add("Schema.WindowCapacity must be between 2 and 4096.");
        }

        if (MaxIdLength is < 1 or > 4096)
        {
            errors.Add("Schema.MaxIdLength must be between 1 and 4096.");
        }

        if (MaxSegmentLength is < 1 or > 256)
        {
            errors.Add("Schema.MaxSegmentLength must be between 1 and 256.");
        }

        if (MaxSegments is < 1 or > 10_000)
        {
            errors.Add("Schema.MaxSegments must be between 1 and 10,000.");
        }

        if (!(LabelEwmaAlpha > 0 && LabelEwmaAlpha <= 1))
        {
            errors.Add("Schema.LabelEwmaAlpha must be in (0, 1].");
        }

        if (!IncludeRawValues && Windows.Count == 0)
        {
            errors.Add("Schema must include raw values or declare a window: the feature vector would be empty.");
        }

        return errors;
    }

    private void ValidateWindow(WindowDefinition w, string path, HashSet<string> features, HashSet<string> windowNames, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(w.Name))
        {
            errors.Add($"{path}.Name must not be empty.");
        }
        else if (!windowNames.Add(w.Name))
        {
            errors.Add($"{path}.Name '{w.Name}' is declared twice.");
        }
        else if (w.Name.Contains('.', StringComparison.Ordinal))
        {
            errors.Add($"{path}.Name '{w.Name}' must not contain '.'.");
        }

        switch (w.Kind)
        {
            case WindowKind.Session:
                if (w.Gap is not { } gap || gap <= TimeSpan.Zero)
                {
                    errors.Add($"{path}: a session window needs a positive Gap.");
                }

                if (w.Count is not null || w.Duration is not null)
                {
                    errors.Add($"{path}: a session window takes a Gap, not Count or Duration.");
                }

                break;
            case WindowKind.Sliding or WindowKind.Tumbling:
                if ((w.Count is null) == (w.Duration is null))
                {
                    errors.Add($"{path}: a {w.Kind.ToString().ToLowerInvariant()} window needs exactly one of Count or Duration.");
                }
                else if (w.Count is { } n && (n < 1 || n > WindowCapacity))
                {
                    errors.Add($"{path}.Count must be between 1 and WindowCapacity ({WindowCapacity}).");
                }
                else if (w.Duration is { } d && d <= TimeSpan.Zero)
                {
                    errors.Add($"{path}.Duration must be positive.");
                }

                if (w.Gap is not null)
                {
                    errors.Add($"{path}: only session windows take a Gap.");
                }

                break;
            default:
                errors.Add($"{path}.Kind '{w.Kind}' is not a window kind.");
                break;
        }

        if (w.Aggregates == WindowAggregates.None || (w.Aggregates & ~WindowAggregates.All) != 0)
        {
            errors.Add($"{path}.Aggregates must name at least one known aggregate.");
        }

        if (!(w.EwmaAlpha > 0 && w.EwmaAlpha <= 1))
        {
            errors.Add($"{path}.EwmaAlpha must be in (0, 1].");
        }

        foreach (var f in w.Features)
        {
            if (!features.Contains(f))
            {
                errors.Add($"{path}.Features names '{f}', which is not a declared feature.");
            }
        }
    }

    /// <summary>The stable hash of everything that defines the feature vector (16 lower-case hex digits).</summary>
    public string Hash => ComputeHash();

    private string ComputeHash()
    {
        var sb = new StringBuilder("streamml-schema-v1|task=").Append((int)Task).Append("|raw=").Append(IncludeRawValues ? '1' : '0').Append("|features=");
        foreach (var f in Features)
        {
            sb.Append(f.Name.Length).Append(':').Append(f.Name).Append(',');
        }

        foreach (var w in Windows)
        {
            sb.Append("|window=").Append(w.Name.Length).Append(':').Append(w.Name)
                .Append(';').Append((int)w.Kind)
                .Append(';').Append(w.Count?.ToString(CultureInfo.InvariantCulture) ?? "-")
                .Append(';').Append(w.Duration?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "-")
                .Append(';').Append(w.Gap?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "-")
                .Append(';').Append((int)w.Aggregates)
                .Append(';').Append(w.EwmaAlpha.ToString("R", CultureInfo.InvariantCulture))
                .Append(';');
            foreach (var f in w.Features)
            {
                sb.Append(f.Length).Append(':').Append(f).Append(',');
            }
        }

        if (LabelFeatures)
        {
            sb.Append("|labels=").Append(LabelEwmaAlpha.ToString("R", CultureInfo.InvariantCulture));
        }

        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(sb.ToString()));
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>Index of a feature by name, or -1.</summary>
    public int IndexOf(string feature)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            if (string.Equals(Features[i].Name, feature, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
