namespace StreamML.Core.Models;

/// <summary>The ML.NET learners the platform trains with.</summary>
public enum TrainerKind
{
    /// <summary>Gradient-boosted trees (FastTree).</summary>
    FastTree = 0,

    /// <summary>Gradient-boosted trees (LightGBM).</summary>
    LightGbm = 1,

    /// <summary>L-BFGS logistic regression (classification only; warm-startable: the optimiser starts from the parent's weights).</summary>
    LbfgsLogisticRegression = 2,

    /// <summary>Stochastic dual coordinate ascent linear model.</summary>
    Sdca = 3,

    /// <summary>Averaged perceptron with Platt-calibrated probabilities (classification only; warm-startable online learner).</summary>
    AveragedPerceptron = 4,

    /// <summary>Online gradient descent linear regression (regression only; warm-startable online learner).</summary>
    OnlineGradientDescent = 5,
}
