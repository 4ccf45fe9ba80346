namespace StreamML.Core.Models;

/// <summary>A model's output for one feature vector.</summary>
/// <param name="Score">The raw score: the margin of a binary classifier, the predicted class index of a multiclass one, the value for regression.</param>
/// <param name="Probability">
/// The calibrated probability of the positive class (binary) or of the predicted class (multiclass); NaN for regression.
/// </param>
public readonly record struct ModelScore(float Score, float Probability);
