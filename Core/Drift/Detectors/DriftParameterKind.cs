namespace StreamML.Core.Drift.Detectors;

/// <summary>How a detector parameter's text is parsed.</summary>
public enum DriftParameterKind
{
    /// <summary>A whole number in invariant culture, e.g. <c>32</c>.</summary>
    Integer,

    /// <summary>A real number in invariant culture, e.g. <c>0.002</c> or <c>1e-3</c>.</summary>
    Real,

    /// <summary>A boolean as River accepts it: <c>True</c>, <c>False</c>, <c>true</c>, <c>false</c>, <c>1</c>, <c>0</c>.</summary>
    Boolean,

    /// <summary>One of a fixed set of words (<see cref="DriftParameterSpec.Choices"/>), e.g. <c>up</c>.</summary>
    Choice,

    /// <summary>A whole number, or <c>None</c> (River's <c>None</c>) for no value, e.g. an unseeded generator.</summary>
    OptionalInteger,
}
