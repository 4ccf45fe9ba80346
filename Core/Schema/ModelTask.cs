namespace StreamML.Core.Schema;

/// <summary>What a model predicts.</summary>
public enum ModelTask
{
    /// <summary>Two classes, labels 0 and 1; the model outputs a probability of 1.</summary>
    BinaryClassification = 0,

    /// <summary>A real value.</summary>
    Regression = 1,

    /// <summary>One of several classes, labels 0..K-1.</summary>
    MulticlassClassification = 2,
}
