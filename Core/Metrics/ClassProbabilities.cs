namespace StreamML.Core.Metrics;

/// <summary>What a multiclass model gave each class it knows for one prediction.</summary>
/// <param name="Classes">The class indices, in the model's slot order (shared by every prediction of the version; not to be changed).</param>
/// <param name="Probabilities">The probability of each of <paramref name="Classes"/>.</param>
public sealed record ClassProbabilities(float[] Classes, float[] Probabilities)
{
    /// <summary>The class the model predicts (the one it serves); NaN when not given.</summary>
    public float Predicted { get; init; } = float.NaN;

    /// <summary>The probability of class <paramref name="label"/>: 0 for a class the model does not know.</summary>
    public float Of(double label)
    {
        var k = Array.IndexOf(Classes, (float)label);
        return k >= 0 && k < Probabilities.Length ? Probabilities[k] : 0f;
    }
}
