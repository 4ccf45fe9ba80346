namespace StreamML.Core.Schema;

/// <summary>One numeric input feature an event carries.</summary>
public sealed class FeatureDefinition
{
    /// <summary>The feature's name, as it appears in event JSON and CSV headers.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Whether an event without this feature is invalid.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Required { get; set; } = true;
}
