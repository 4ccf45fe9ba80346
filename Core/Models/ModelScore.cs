namespace StreamML.Core.Models;

/// <summary>A model's output for one feature vector.</summary>
/// <param name="Score">The raw score (margin for classifiers, the value for regression).</param>
/// <param name="Probability">The calibrated probability of the positive class; NaN for regression.</param>
public readonly record struct ModelScore(float Score, float Probability);
