using StreamML.Core.Metrics;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Tests.Tasks;

[Trait("Category", "BVT")]
public sealed class ModelTaskKindTests
{
    private static readonly ModelTaskKind Binary = ModelTask.BinaryClassification.Kind();
    private static readonly ModelTaskKind Multiclass = ModelTask.MulticlassClassification.Kind();
    private static readonly ModelTaskKind Regression = ModelTask.Regression.Kind();

    [Fact]
    public void Of_EveryTask_GivesTheKindOfThatTask()
    {
        foreach (var task in Enum.GetValues<ModelTask>())
        {
            Assert.Equal(task, ModelTaskKind.Of(task).Task);
        }

        Assert.Equal(Enum.GetValues<ModelTask>().Length, ModelTaskKind.All.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelTaskKind.Of((ModelTask)42));
    }

    [Theory]
    [InlineData("binary", ModelTask.BinaryClassification, "binary_classification")]
    [InlineData("MultiClass", ModelTask.MulticlassClassification, "multiclass_classification")]
    [InlineData("regression", ModelTask.Regression, "regression")]
    public void TryParse_ShortName_FindsTheTaskWithItsOutputName(string text, ModelTask task, string name)
    {
        Assert.True(ModelTaskKind.TryParse(text, out var kind));
        Assert.Equal(task, kind.Task);
        Assert.Equal(name, kind.Name);
    }

    [Fact]
    public void TryParse_UnknownName_Fails()
    {
        Assert.False(ModelTaskKind.TryParse("ranking", out _));
        Assert.False(ModelTaskKind.TryParse(null, out _));
    }

    [Fact]
    public void Fallback_WithoutLabelMemory_IsACoinOrNothing()
    {
        Assert.Equal(0.5f, Binary.Fallback([]).Probability);
        Assert.True(float.IsNaN(Binary.Fallback([]).Score));
        Assert.True(float.IsNaN(Multiclass.Fallback([]).Score));
        Assert.True(float.IsNaN(Regression.Fallback([]).Score));
        Assert.Equal(0.5f, Binary.Fallback([float.NaN, float.NaN, float.NaN]).Probability);
    }

    [Fact]
    public void Fallback_FromLabelMemory_UsesTheMeanOrTheLastClass()
    {
        float[] memory = [3f, 0.8f, 2f];
        Assert.Equal(0.8f, Binary.Fallback(memory).Probability);
        Assert.Equal(1f, Binary.Fallback([0f, 1.7f, 0f]).Probability);
        Assert.Equal(3f, Multiclass.Fallback(memory).Score);
        Assert.True(float.IsNaN(Multiclass.Fallback(memory).Probability));
        Assert.Equal(0.8f, Regression.Fallback(memory).Score);
        Assert.True(float.IsNaN(Regression.Fallback(memory).Probability));
    }

    [Fact]
    public void IsCorrectAndErrorOf_Binary_ThresholdTheProbabilityAtOneHalf()
    {
        Assert.True(Binary.IsCorrect(1, float.NaN, 0.5f));
        Assert.False(Binary.IsCorrect(0, float.NaN, 0.5f));
        Assert.True(Binary.IsCorrect(0, float.NaN, 0.2f));
        Assert.Null(Binary.IsCorrect(1, float.NaN, float.NaN));
        Assert.Equal(0f, Binary.ErrorOf(1, float.NaN, 0.9f));
        Assert.Equal(1f, Binary.ErrorOf(0, float.NaN, 0.9f));
        Assert.Equal(1, Binary.PredictedClass(float.NaN, 0.5f));
        Assert.Equal(0, Binary.PredictedClass(float.NaN, 0.49f));
    }

    [Fact]
    public void IsCorrectAndErrorOf_Multiclass_CompareTheClassIndex()
    {
        Assert.True(Multiclass.IsCorrect(2, 2f, 0.4f));
        Assert.False(Multiclass.IsCorrect(1, 2f, 0.4f));
        Assert.Null(Multiclass.IsCorrect(1, float.NaN, float.NaN));
        Assert.Null(Multiclass.ErrorOf(1, float.NaN, float.NaN));
        Assert.Equal(1f, Multiclass.ErrorOf(1, 2f, 0.4f));
        Assert.Equal(-1, Multiclass.PredictedClass(float.NaN, float.NaN));
        Assert.Equal(3, Multiclass.PredictedClass(3f, 0.6f));
    }

    [Fact]
    public void ErrorOf_Regression_IsTheAbsoluteError()
    {
        Assert.Equal(1.5f, Regression.ErrorOf(2.0, 3.5f, float.NaN));
        Assert.Null(Regression.IsCorrect(2.0, 2f, float.NaN));
        Assert.False(Regression.IsClassifier);
    }

    [Fact]
    public void ServedValue_IsTheProbabilityForBinaryAndTheScoreOtherwise()
    {
        Assert.Equal(0.7f, Binary.ServedValue(1.2f, 0.7f));
        Assert.Equal(2f, Multiclass.ServedValue(2f, 0.7f));
        Assert.Equal(41.5f, Regression.ServedValue(41.5f, float.NaN));
    }

    [Fact]
    public void Gates_ClassifiersTakeClassFiguresAndRegressionErrors()
    {
        foreach (var kind in new[] { Binary, Multiclass })
        {
            Assert.Equal(GateMetric.Accuracy, kind.DefaultGateMetric);
            Assert.True(kind.Gates(GateMetric.Accuracy) && kind.Gates(GateMetric.LogLoss) && kind.Gates(GateMetric.Auc));
            Assert.False(kind.Gates(GateMetric.Mae) || kind.Gates(GateMetric.Rmse));
        }

        Assert.Equal(GateMetric.Mae, Regression.DefaultGateMetric);
        Assert.True(Regression.Gates(GateMetric.Mae) && Regression.Gates(GateMetric.Rmse));
        Assert.False(Regression.Gates(GateMetric.Accuracy) || Regression.Gates(GateMetric.LogLoss) || Regression.Gates(GateMetric.Auc));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(999, true)]
    [InlineData(1000, false)]
    [InlineData(-1, false)]
    [InlineData(2.5, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void IsValidLabel_Multiclass_TakesClassIndicesOnly(double label, bool valid)
    {
        Assert.Equal(valid, Multiclass.IsValidLabel(label));
        Assert.True(Binary.IsValidLabel(label));
        Assert.True(Regression.IsValidLabel(label));
    }

    [Fact]
    public void ExpectedError_ComesFromTheHeldOutFiguresOfTheTask()
    {
        var classification = Binary.ExpectedError(new Dictionary<string, double> { ["accuracy"] = 0.9 });
        Assert.NotNull(classification);
        Assert.Equal(0.1, classification.Value.Mean, 12);
        Assert.Equal(0.09, classification.Value.Variance, 12);
        Assert.Null(Multiclass.ExpectedError(new Dictionary<string, double> { ["mae"] = 1 }));

        var regression = Regression.ExpectedError(new Dictionary<string, double> { ["mae"] = 3, ["rmse"] = 5 });
        Assert.Equal((3.0, 16.0), regression);
        Assert.Null(Regression.ExpectedError(new Dictionary<string, double> { ["accuracy"] = 0.9 }));
    }

    [Fact]
    public void FixedClassCountAndClassProbabilities_TellTheClassifiersApart()
    {
        Assert.Equal(2, Binary.FixedClassCount);
        Assert.Null(Multiclass.FixedClassCount);
        Assert.True(Multiclass.UsesClassProbabilities);
        Assert.False(Binary.UsesClassProbabilities || Regression.UsesClassProbabilities);
    }
}
