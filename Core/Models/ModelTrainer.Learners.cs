using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Core.Models;

public static partial class ModelTrainer
{
    /// <summary>A parent being continued: its artefact, reloaded for each fit so no fit sees another's state, and its statistics.</summary>
    internal sealed record Parent(byte[] Artifact, IReadOnlyList<ColumnStatistics> Normalization);

    private static ITransformer FitBinary(MLContext ml, IDataView train, TrainingOptions options, Parent? parent)
    {
        var initial = parent is null ? null : LinearParametersOf(ml, parent.Artifact);
        switch (options.Trainer)
        {
            case TrainerKind.LbfgsLogisticRegression:
                return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    NumberOfThreads = 1,
                }).Fit(train, initial);
            case TrainerKind.AveragedPerceptron:
                // The perceptron's score is a margin, not a probability: a Platt sigmoid fitted on the same rows maps it
                // to the probability the platform serves and thresholds.
                var perceptron = ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
                {
                    NumberOfIterations = options.OnlineIterations,
                    LearningRate = (float)options.OnlineLearningRate,
                }).Fit(train, initial);
                var calibrator = ml.BinaryClassification.Calibrators.Platt().Fit(perceptron.Transform(train));
                return perceptron.Append(calibrator);
            default:
                break;
        }

        IEstimator<ITransformer> trainer = options.Trainer switch
        {
            TrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(Trees(new FastTreeBinaryTrainer.Options(), options)),
            TrainerKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
            }),
            TrainerKind.Sdca => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                NumberOfThreads = 1,
            }),
            _ => throw new ArgumentException($"trainer {options.Trainer} does not train classification models; use FastTree, LightGbm, LbfgsLogisticRegression, Sdca or AveragedPerceptron", nameof(options)),
        };
        return trainer.Fit(train);
    }

    private static ITransformer FitRegression(MLContext ml, IDataView train, TrainingOptions options, Parent? parent)
    {
        if (options.Trainer == TrainerKind.OnlineGradientDescent)
        {
            return ml.Regression.Trainers.OnlineGradientDescent(new OnlineGradientDescentTrainer.Options
            {
                NumberOfIterations = options.OnlineIterations,
                LearningRate = (float)options.OnlineLearningRate,
            }).Fit(train, parent is null ? null : LinearParametersOf(ml, parent.Artifact));
        }

        IEstimator<ITransformer> trainer = options.Trainer switch
        {
            TrainerKind.FastTree => ml.Regression.Trainers.FastTree(Trees(new FastTreeRegressionTrainer.Options(), options)),
            TrainerKind.LightGbm => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfIterations = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
            }),
            TrainerKind.Sdca => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 }),
            _ => throw new ArgumentException($"trainer {options.Trainer} does not train regression models; use FastTree, LightGbm, Sdca or OnlineGradientDescent", nameof(options)),
        };
        return trainer.Fit(train);
    }

    private static IEstimator<ITransformer> MulticlassLearner(MLContext ml, TrainingOptions options) => options.Trainer switch
    {
        // FastTree has no multiclass form: one calibrated binary forest per class, their probabilities normalised.
        TrainerKind.FastTree => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastTree(Trees(new FastTreeBinaryTrainer.Options(), options)), useProbabilities: true),
        TrainerKind.LightGbm => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = options.Seed,
        }),
        TrainerKind.LbfgsLogisticRegression => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            NumberOfThreads = 1,
        }),
        TrainerKind.Sdca => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            NumberOfThreads = 1,
        }),
        TrainerKind.AveragedPerceptron => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
        {
            NumberOfIterations = options.OnlineIterations,
            LearningRate = (float)options.OnlineLearningRate,
        }), useProbabilities: true),
        _ => throw new ArgumentException($"trainer {options.Trainer} does not train multiclass models; use FastTree, LightGbm, LbfgsLogisticRegression, Sdca or AveragedPerceptron", nameof(options)),
    };

    /// <summary>The configured tree settings on a FastTree learner's options.</summary>
    private static T Trees<T>(T tree, TrainingOptions options)
        where T : BoostedTreeOptions
    {
        tree.NumberOfTrees = options.Trees;
        tree.NumberOfLeaves = options.Leaves;
        tree.MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf;
        tree.LearningRate = options.LearningRate;
        tree.NumberOfThreads = FastTreeThreads;
        return tree;
    }

    /// <summary>Why <paramref name="warm"/> cannot be continued by this run, or null when it can.</summary>
    private static string? CheckParent(WarmStart warm, int width, ModelTask task, TrainerKind trainer)
    {
        if (!IsWarmStartable(trainer))
        {
            return $"trainer {trainer} does not warm start";
        }

        if (warm.Trainer != trainer)
        {
            return $"the parent was trained by {warm.Trainer}, this run trains {trainer}";
        }

        var kind = task.Kind();
        if (kind.WarmStartParameters is not { } expected)
        {
            return $"{kind.ShortName} models are trained from scratch";
        }

        if (warm.Normalization.Count != width)
        {
            return $"the parent has {warm.Normalization.Count} columns, the set {width}";
        }

        var ml = new MLContext(seed: 1);
        LinearModelParameters? parameters;
        try
        {
            parameters = LinearParametersOf(ml, warm.Artifact);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"the parent's artefact does not load: {ex.Message}";
        }

        if (parameters is null || !expected.IsInstanceOfType(parameters))
        {
            return $"the parent holds no linear {kind.ShortName} model";
        }

        var weights = parameters.Weights.Count;
        return weights == width ? null : $"the parent has {weights} weights, the set {width} columns";
    }

    /// <summary>
    /// The linear parameters inside a saved model: the model of its (first) prediction transformer, or the sub-model of a
    /// calibrated one; null when it holds none.
    /// </summary>
    private static LinearModelParameters? LinearParametersOf(MLContext ml, byte[] artifact)
    {
        using var stream = new MemoryStream(artifact, writable: false);
        var loaded = ml.Model.Load(stream, out _);
        IEnumerable<ITransformer> parts = loaded is IEnumerable<ITransformer> chain ? chain : [loaded];
        foreach (var part in parts)
        {
            if (part is IPredictionTransformer<object> predictor)
            {
                return predictor.Model switch
                {
                    LinearModelParameters linear => linear,
                    CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel,
                    _ => null,
                };
            }
        }

        return null;
    }

    private static TrainingSet Slice(TrainingSet set, int offset)
    {
        var slice = new TrainingSet(set.Width);
        for (var i = offset; i < set.Count; i++)
        {
            slice.Add(set.Rows[i], set.Labels[i], set.Times[i]);
        }

        return slice;
    }
}
