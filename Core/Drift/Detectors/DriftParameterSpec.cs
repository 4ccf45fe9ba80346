namespace StreamML.Core.Drift.Detectors;

/// <summary>One parameter of a detector, named and defaulted as River names and defaults it.</summary>
/// <param name="Name">River's parameter name, e.g. <c>min_window_length</c>.</param>
/// <param name="Kind">How its text is parsed.</param>
/// <param name="Default">River's default, written as it would be given on the command line.</param>
/// <param name="Description">One sentence saying what it does.</param>
/// <param name="Choices">For <see cref="DriftParameterKind.Choice"/>, the accepted words; empty otherwise.</param>
public sealed record DriftParameterSpec(string Name, DriftParameterKind Kind, string Default, string Description, IReadOnlyList<string> Choices)
{
    /// <summary>Creates a spec without choices.</summary>
    public DriftParameterSpec(string name, DriftParameterKind kind, string defaultValue, string description)
        : this(name, kind, defaultValue, description, [])
    {
    }
}
