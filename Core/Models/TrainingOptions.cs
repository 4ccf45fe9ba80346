namespace StreamML.Core.Models;

/// <summary>How a model is trained.</summary>
public sealed class TrainingOptions
{
    /// <summary>The learner.</summary>
    /// <value>The default value is <see cref="TrainerKind.FastTree"/>.</value>
    public TrainerKind Trainer { get; set; } = TrainerKind.FastTree;

    /// <summary>Trees in the ensemble (tree learners).</summary>
    /// <value>The default value is 100.</value>
    public int Trees { get; set; } = 100;

    /// <summary>Leaves per tree (tree learners).</summary>
    /// <value>The default value is 20.</value>
    public int Leaves { get; set; } = 20;

    /// <summary>Smallest number of examples a leaf may hold (tree learners).</summary>
    /// <value>The default value is 10.</value>
    public int MinExamplesPerLeaf { get; set; } = 10;

    /// <summary>Boosting learning rate (tree learners).</summary>
    /// <value>The default value is 0.2.</value>
    public double LearningRate { get; set; } = 0.2;

    /// <summary>Passes over the training rows (online learners: averaged perceptron, online gradient descent).</summary>
    /// <value>The default value is 10.</value>
    public int OnlineIterations { get; set; } = 10;

    /// <summary>Step size of the online learners' updates.</summary>
    /// <value>The default value is 0.1.</value>
    public double OnlineLearningRate { get; set; } = 0.1;

    /// <summary>Share of the newest examples held out to evaluate the trained model.</summary>
    /// <value>The default value is 0.2.</value>
    public double HoldoutFraction { get; set; } = 0.2;

    /// <summary>
    /// Whether, after the held-out evaluation, the model is fitted again on every example, held-out ones included: the
    /// figures describe the learner on the newest data, and the served model does not miss that data.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RefitOnAll { get; set; } = true;

    /// <summary>Seed of the ML context: the same data and options give the same model.</summary>
    /// <value>The default value is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>A copy of these options with another <see cref="HoldoutFraction"/>.</summary>
    public TrainingOptions WithHoldoutFraction(double fraction)
    {
        var copy = (TrainingOptions)MemberwiseClone();
        copy.HoldoutFraction = fraction;
        return copy;
    }

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Trainer))
        {
            errors.Add($"Training.Trainer '{Trainer}' is not a known trainer.");
        }

        if (Trees is < 1 or > 10_000)
        {
            errors.Add("Training.Trees must be between 1 and 10000.");
        }

        if (Leaves is < 2 or > 1_024)
        {
            errors.Add("Training.Leaves must be between 2 and 1024.");
        }

        if (MinExamplesPerLeaf < 1)
        {
            errors.Add("Training.MinExamplesPerLeaf must be at least 1.");
        }

        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            errors.Add("Training.LearningRate must be in (0, 1].");
        }

        if (OnlineIterations is < 1 or > 1_000)
        {
            errors.Add("Training.OnlineIterations must be between 1 and 1000.");
        }

        if (!(OnlineLearningRate > 0 && OnlineLearningRate <= 10))
        {
            errors.Add("Training.OnlineLearningRate must be in (0, 10].");
        }

        if (!(HoldoutFraction >= 0 && HoldoutFraction < 0.9))
        {
            errors.Add("Training.HoldoutFraction must be in [0, 0.9).");
        }

        return errors;
    }
}
