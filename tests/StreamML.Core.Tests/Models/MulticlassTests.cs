using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Models;

/// <summary>
/// Multiclass models end to end in Core: trained by every learner that has a multiclass form, saved, verified, loaded
/// and scored to a class index. The data are three bands of one feature (classes 0, 2 and 5, so the class indices are
/// not the model's key order) plus a noise feature: a learner that maps keys back wrongly scores near chance.
/// </summary>
[Trait("Category", "BVT")]
public sealed class MulticlassTests
{
    private const string SchemaHash = "00000000000000cc";
    private static readonly float[] Classes = [0f, 2f, 5f];

    private static TrainingSet Bands(int count, int seed)
    {
        var random = new Random(seed);
        var set = new TrainingSet(2);
        for (var i = 0; i < count; i++)
        {
            var x = (float)((random.NextDouble() * 3) - 1.5);
            var band = x < -0.5f ? 0 : x < 0.5f ? 1 : 2;
            set.Add([x, (float)random.NextDouble()], Classes[band], i);
        }

        return set;
    }

    private static ScoringModel Load(TrainedModel trained, TrainerKind trainer) => ScoringModel.Load(
        TestModels.Describe(trained, "m", SchemaHash, ModelTask.MulticlassClassification, ["x", "noise"], trainer: trainer, withFigures: true),
        trained.Artifact,
        SchemaHash);

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.LbfgsLogisticRegression)]
    [InlineData(TrainerKind.Sdca)]
    [InlineData(TrainerKind.AveragedPerceptron)]
    public void Train_ThreeBands_ScoresClassIndicesWithTheirProbability(TrainerKind trainer)
    {
        var set = Bands(1_500, seed: 1);
        var trained = ModelTrainer.Train(set, ModelTask.MulticlassClassification, new TrainingOptions { Trainer = trainer, Trees = 20 });

        // Held-out figures of the live metric code: accuracy and log loss over the newest fifth.
        Assert.Equal(300, trained.Metrics["holdout_examples"]);
        Assert.True(trained.Metrics["accuracy"] > 0.9, $"held-out accuracy {trained.Metrics["accuracy"]}");
        Assert.True(trained.Metrics["log_loss"] is > 0 and < 0.7, $"held-out log loss {trained.Metrics["log_loss"]}");
        Assert.True(trained.Metrics["auc"] > 0.95, $"held-out one-versus-rest AUC {trained.Metrics["auc"]}");

        var model = Load(trained, trainer);
        var test = Bands(600, seed: 2);
        var correct = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var s = model.Score(test.Rows[i]);
            Assert.Contains(s.Score, Classes);
            Assert.InRange(s.Probability, 1f / 3, 1f);
            correct += s.Score == test.Labels[i] ? 1 : 0;
        }

        Assert.True(correct > 0.9 * test.Count, $"{correct} of {test.Count} correct");

        // The champion-side evaluation reads the same rows through the loaded model and the live aggregate.
        var figures = HoldoutEvaluation.Evaluate(model, test, 0, ModelTask.MulticlassClassification);
        Assert.Equal(test.Count, figures.Count);
        Assert.Equal((double)correct / test.Count, figures.Accuracy, 10);
        Assert.True(figures.LogLoss is > 0 and < 0.7, $"champion-side log loss {figures.LogLoss}");
        Assert.True(figures.Auc > 0.95, $"champion-side AUC {figures.Auc}");
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastTree)]
    public void ClassProbabilitiesOf_ReadsEachClassSlot_AndTheySumToOne(TrainerKind trainer)
    {
        var trained = ModelTrainer.Train(Bands(900, seed: 7), ModelTask.MulticlassClassification, new TrainingOptions { Trainer = trainer, Trees = 20 });
        var scorer = Load(trained, trainer).Rent();
        foreach (var row in Bands(100, seed: 8).Rows)
        {
            var served = scorer.Score(row);
            var probabilities = scorer.ClassProbabilitiesOf(row);
            var each = Classes.Select(c => probabilities.Of(c)).ToArray();

            // The served class is the most probable one, with the probability the slot of that class holds.
            Assert.Equal(served.Score, probabilities.Predicted);
            Assert.Equal(served.Probability, probabilities.Of(served.Score));
            Assert.Equal(each.Max(), served.Probability);
            Assert.Equal(1.0, each.Sum(), 3);
            Assert.Equal(0f, probabilities.Of(4));
        }
    }

    [Fact]
    public void Train_ClassAbsentFromTraining_IsNeverPredictedAndCostsTheHoldout()
    {
        // Class 7 appears only among the newest (held-out) rows: a model fitted without them cannot predict it, and the
        // held-out log loss counts those rows at the clipped probability 0 rather than dropping them.
        var set = Bands(1_000, seed: 3);
        var rows = set.Rows.ToList();
        var withNew = new TrainingSet(2);
        for (var i = 0; i < set.Count; i++)
        {
            withNew.Add(rows[i], i >= 950 ? 7f : set.Labels[i], i);
        }

        var trained = ModelTrainer.Train(withNew, ModelTask.MulticlassClassification, new TrainingOptions { Trainer = TrainerKind.LightGbm, Trees = 20, RefitOnAll = false });

        Assert.True(trained.Metrics["accuracy"] <= 0.75, $"{trained.Metrics["accuracy"]}: 50 of 200 held-out rows are class 7");
        Assert.True(trained.Metrics["log_loss"] > 50.0 / 200 * -Math.Log(1e-6), $"{trained.Metrics["log_loss"]}");
        var model = Load(trained, TrainerKind.LightGbm);
        Assert.All(rows, r => Assert.NotEqual(7f, model.Score(r).Score));
    }

    [Theory]
    [InlineData(0.5f, "class index")]
    [InlineData(-1f, "class index")]
    [InlineData(float.NaN, "class index")]
    [InlineData(1000f, "class index")]
    public void Train_LabelThatIsNotAClassIndex_IsRefused(float bad, string message)
    {
        var set = Bands(200, seed: 4);
        set.Add([0f, 0f], bad, 200);

        var ex = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(set, ModelTask.MulticlassClassification, new TrainingOptions { Trees = 5 }));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OneClassOnly_IsRefused()
    {
        var set = new TrainingSet(1);
        for (var i = 0; i < 100; i++)
        {
            set.Add([i], 3f, i);
        }

        var ex = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(set, ModelTask.MulticlassClassification, new TrainingOptions { Trees = 5 }));
        Assert.Contains("one class only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WarmStartOffered_TrainsFromScratchAndSaysWhy()
    {
        var set = Bands(600, seed: 5);
        var options = new TrainingOptions { Trainer = TrainerKind.LbfgsLogisticRegression };
        var parent = ModelTrainer.Train(set, ModelTask.MulticlassClassification, options);

        var next = Bands(900, seed: 5);
        var child = ModelTrainer.Train(next, ModelTask.MulticlassClassification, options, new WarmStart(options.Trainer, parent.Artifact, parent.Normalization, parent.TrainingEnd));

        Assert.Equal(0, child.Metrics["warm_start"]);
        Assert.Contains("multiclass", child.WarmStartRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_Multiclass_CountsClassMatchesAndTheLogLossOfKnownProbabilities()
    {
        var sums = new MetricAggregate(ModelTask.MulticlassClassification);

        // (label, predicted class, probability given to the label): a hit, a miss, a miss whose probability is unknown.
        Assert.True(sums.Add(2, 2f, 0.7f));
        Assert.True(sums.Add(5, 0f, 0.1f));
        Assert.True(sums.Add(1, 0f, float.NaN));
        Assert.False(sums.Add(0, float.NaN, float.NaN));

        var figures = sums.Figures();
        Assert.Equal(3, figures.Count);
        Assert.Equal(1 / 3.0, figures.Accuracy, 12);
        Assert.Equal(2, sums.LogLossCount);
        Assert.Equal((-Math.Log(0.7) - Math.Log(0.1)) / 2, figures.LogLoss, 6);

        var other = new MetricAggregate(ModelTask.MulticlassClassification);
        other.Add(0, 0f, 0.9f);
        sums.Merge(other);
        Assert.Equal((4L, 2L, 3L), (sums.Count, sums.Correct, sums.LogLossCount));

        var back = MetricAggregate.FromParts(sums.Task, sums.Count, sums.Correct, sums.LogLossSum, 0, 0, null, null, sums.LogLossCount);
        Assert.Equal(sums.Figures(), back.Figures());
    }

    [Fact]
    public void Aggregate_ClassProbabilities_GiveTheMeanOneVersusRestAuc()
    {
        float[] classes = [0f, 2f, 5f];
        var sums = new MetricAggregate(ModelTask.MulticlassClassification);
        void Add(int label, params float[] p)
        {
            var probabilities = new ClassProbabilities(classes, p);
            Assert.True(sums.Add(label, classes[Array.IndexOf(p, p.Max())], probabilities.Of(label)));
            sums.AddClassProbabilities(label, probabilities);
        }

        // Classes 0 and 5 are ranked perfectly against the rest; class 2 is ranked below one class-0 prediction:
        // its scores 0.5 and 0.4 against the others' 0.3, 0.6 (the miss), 0.1 and 0.2 win 6 of 8 pairs.
        Add(0, 0.7f, 0.3f, 0.0f);
        Add(0, 0.35f, 0.6f, 0.05f);
        Add(2, 0.3f, 0.5f, 0.2f);
        Add(2, 0.2f, 0.4f, 0.4f);
        Add(5, 0.1f, 0.1f, 0.8f);
        Add(5, 0.0f, 0.2f, 0.8f);

        Assert.Equal(3, sums.ClassBins.Count);
        Assert.Equal((1.0 + 0.75 + 1.0) / 3, sums.Figures().Auc, 10);

        var back = MetricAggregate.FromParts(sums.Task, sums.Count, sums.Correct, sums.LogLossSum, 0, 0, null, null, sums.LogLossCount, sums.ClassBins);
        Assert.Equal(sums.Figures(), back.Figures());
        var merged = new MetricAggregate(ModelTask.MulticlassClassification);
        merged.Merge(sums);
        merged.Merge(back);
        Assert.Equal(sums.Figures().Auc, merged.Figures().Auc, 10);
        Assert.Equal(2 * sums.Count, merged.Count);
    }

    [Fact]
    public void Aggregate_UnknownClassOrTooManyClasses_AreHandled()
    {
        // A label the model does not know is a positive of its class at probability 0: that class's AUC is 0.
        var sums = new MetricAggregate(ModelTask.MulticlassClassification);
        var known = new ClassProbabilities([0f, 1f], [0.9f, 0.1f]);
        sums.Add(7, 0f, known.Of(7));
        sums.AddClassProbabilities(7, known);
        sums.Add(0, 0f, known.Of(0));
        sums.AddClassProbabilities(0, known);
        Assert.Equal(new[] { 0, 1, 7 }, sums.ClassBins.Keys.Order());
        Assert.Equal(1L, sums.ClassBins[7].Positives[0]);

        // More classes than the histograms are kept for: accuracy and log loss only.
        float[] many = [.. Enumerable.Range(0, MetricAggregate.MaxAucClasses + 1).Select(c => (float)c)];
        var wide = new MetricAggregate(ModelTask.MulticlassClassification);
        var flat = new ClassProbabilities(many, [.. many.Select(_ => 1f / many.Length)]);
        wide.Add(3, 0f, flat.Of(3));
        wide.AddClassProbabilities(3, flat);
        Assert.Empty(wide.ClassBins);
        Assert.True(double.IsNaN(wide.Figures().Auc));
        Assert.Equal(-Math.Log(1.0 / many.Length), wide.Figures().LogLoss, 5);
    }

    [Fact]
    public void Aggregate_MulticlassWithoutAnyProbability_HasNoLogLoss()
    {
        var sums = new MetricAggregate(ModelTask.MulticlassClassification);
        sums.Add(1, 1f, float.NaN);

        Assert.True(double.IsNaN(sums.Figures().LogLoss));
        Assert.Equal(1.0, sums.Figures().Accuracy);
    }
}
