namespace StreamML.Core.Models;

/// <summary>The ML.NET learners the platform trains with.</summary>
public enum TrainerKind
{
    /// <summary>Gradient-boosted trees (FastTree).</summary>
    FastTree = 0,

    /// <summary>Gradient-boosted trees (LightGBM).</summary>
    LightGbm = 1,

    /// <summary>L-BFGS logistic regression (classification only; warm-startable from earlier weights).</summary>
    LbfgsLogisticRegression = 2,

    /// <summary>Stochastic dual coordinate ascent linear model.</summary>
    Sdca = 3,
}
