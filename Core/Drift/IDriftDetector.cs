namespace StreamML.Core.Drift;

/// <summary>
/// A concept-drift detector fed one value at a time (an error indicator, a loss, a score), with River's semantics:
/// after <see cref="Update"/> the flags describe that update; after a drift the detector resets itself as River does.
/// </summary>
public interface IDriftDetector
{
    /// <summary>The detector's name as River spells its class: ADWIN, PageHinkley, DDM, EDDM, HDDM_A, KSWIN.</summary>
    string Name { get; }

    /// <summary>Feeds one value; for binary detectors 1 is an error and 0 a correct prediction.</summary>
    void Update(double value);

    /// <summary>Whether the last update detected a drift.</summary>
    bool DriftDetected { get; }

    /// <summary>Whether the last update is in the warning zone (always false for detectors without one).</summary>
    bool WarningDetected { get; }

    /// <summary>Returns the detector to its initial state, keeping its parameters.</summary>
    void Reset();

    /// <summary>Writes the full state (not the parameters) so that <see cref="ReadState"/> restores it exactly.</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>Restores state written by <see cref="WriteState"/> on a detector created with the same parameters.</summary>
    /// <exception cref="InvalidDataException">The data was not written by this detector type or is truncated.</exception>
    void ReadState(BinaryReader reader);
}
