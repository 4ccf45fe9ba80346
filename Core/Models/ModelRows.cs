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
