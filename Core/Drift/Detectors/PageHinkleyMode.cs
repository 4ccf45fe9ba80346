namespace StreamML.Core.Drift.Detectors;

/// <summary>Which changes of the mean <see cref="PageHinkley"/> reports (River's <c>mode</c>).</summary>
public enum PageHinkleyMode
{
    /// <summary>Increases and decreases (River's <c>"both"</c>, the default).</summary>
    Both,

    /// <summary>Increases only (River's <c>"up"</c>).</summary>
    Up,

    /// <summary>Decreases only (River's <c>"down"</c>).</summary>
    Down,
}
