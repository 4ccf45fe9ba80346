using Microsoft.ML.Data;

namespace StreamML.Core.Models;

/// <summary>The input row ML.NET sees: one feature vector (its length is set at run time through a schema definition).</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];
}

/// <summary>A labelled training row for classification.</summary>
internal sealed class BinaryTrainingRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>A labelled training row for regression.</summary>
internal sealed class RegressionTrainingRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}

/// <summary>What a binary classifier outputs.</summary>
internal sealed class BinaryScoreRow
{
    public float Score { get; set; }

    public float Probability { get; set; }

    [ColumnName("PredictedLabel")]
    public bool PredictedLabel { get; set; }
}

/// <summary>What a regressor outputs.</summary>
internal sealed class RegressionScoreRow
{
    public float Score { get; set; }
}

/// <summary>
/// A labelled training row for multiclass classification: the class index as a number, mapped to a key by the model's
/// first transform. Scoring passes a missing label (NaN).
/// </summary>
internal sealed class MulticlassTrainingRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}

/// <summary>What a multiclass classifier outputs: one probability per class it was trained on, and the predicted class index.</summary>
internal sealed class MulticlassScoreRow
{
    public float[] Score { get; set; } = [];

    public float PredictedLabel { get; set; }
}
