namespace StreamML.Core.Drift.Detectors;

/// <summary>A detector the factory can build: its name, its parameters with River's defaults, and how to create it.</summary>
/// <param name="Name">The detector's name as River spells its class, e.g. <c>ADWIN</c>.</param>
/// <param name="Parameters">Its parameters, in River's order.</param>
/// <param name="Create">Creates a detector from parsed parameters; may throw <see cref="ArgumentOutOfRangeException"/> for a value out of range.</param>
public sealed record DriftDetectorDescriptor(string Name, IReadOnlyList<DriftParameterSpec> Parameters, Func<DriftParameters, IDriftDetector> Create);
