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

    /// <summary>
    /// The serving version errs more on live labels than it did on the held-out rows it was judged on when trained: a
    /// version bad from the start, which a change detector on its own error stream cannot see.
    /// </summary>
    Performance = 3,
}
