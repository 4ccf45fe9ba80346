namespace StreamML.Core.Drift.Monitoring;

/// <summary>What drifted.</summary>
public enum DriftKind
{
    /// <summary>The distribution of an input feature.</summary>
    Data = 0,

    /// <summary>The distribution of the model's scores.</summary>
    Prediction = 1,

    /// <summary>The error stream once labels arrive: the relation between inputs and labels changed.</summary>
    Concept = 2,
}
