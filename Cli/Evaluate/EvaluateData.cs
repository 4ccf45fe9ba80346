using System.Globalization;
using StreamML.Core.Data;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Tasks;

namespace StreamML.Cli.Evaluate;

/// <summary>
/// A CSV file read for evaluation: every numeric column but the label and the entity is a feature (a column is numeric
/// when each of its fields parses as a number; empty fields are missing values). Unless the task is given, the label
/// decides it: two distinct values make a binary classifier; up to <see cref="MaxInferredClasses"/> distinct integers, or
/// any text values, make a multiclass one; other numbers make a regression. Classes are numbered in the order of their
/// values (numbers by value, text ordinally), from 0.
/// </summary>
internal sealed class EvaluateData
{
    private EvaluateData(IReadOnlyList<string> featureNames, IReadOnlyList<string> skipped, float[][] features, double[] labels, string[]? entities, ModelTask task)
    {
        FeatureNames = featureNames;
        SkippedColumns = skipped;
        Features = features;
        Labels = labels;
        Entities = entities;
        Task = task;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    public IReadOnlyList<string> SkippedColumns { get; }

    public float[][] Features { get; }

    public double[] Labels { get; }

    public string[]? Entities { get; }

    public ModelTask Task { get; }

    public int Rows => Labels.Length;

    /// <summary>Most distinct integer labels read as classes rather than as a quantity when the task is not given.</summary>
    public const int MaxInferredClasses = 20;

    /// <summary>The class names, in class-index order (classification).</summary>
    public IReadOnlyList<string> Classes { get; private init; } = [];

    /// <exception cref="CliException">The file, a column or the label is unusable; the message says which and where.</exception>
    public static EvaluateData Load(EvaluateOptions options)
    {
        CsvTable table;
        try
        {
            table = CsvTable.Load(options.Input);
        }
        catch (CsvFormatException ex)
        {
            throw new CliException(ex.Message);
        }

        if (table.Rows.Count < 2)
        {
            throw new CliException($"{options.Input}: needs at least 2 data rows, has {table.Rows.Count}");
        }

        int labelIndex, entityIndex = -1;
        try
        {
            labelIndex = table.ColumnIndex(options.Label);
            if (options.Entity is { } entity)
            {
                entityIndex = table.ColumnIndex(entity);
                if (entityIndex == labelIndex)
                {
                    throw new CliException("--entity and --label name the same column");
                }
            }
        }
        catch (CsvFormatException ex)
        {
            throw new CliException(ex.Message);
        }

        var (labels, task) = ReadLabels(table, labelIndex, options);
        var names = new List<string>();
        var skipped = new List<string>();
        var columns = new List<int>();
        for (var c = 0; c < table.Header.Count; c++)
        {
            if (c == labelIndex || c == entityIndex)
            {
                continue;
            }

            if (table.Rows.All(row => row[c].Trim().Length == 0 || CsvTable.TryParseNumber(row[c], out _)))
            {
                names.Add(table.Header[c]);
                columns.Add(c);
            }
            else
            {
                skipped.Add(table.Header[c]);
            }
        }

        if (columns.Count == 0)
        {
            throw new CliException($"{options.Input}: no numeric column besides the label to use as a feature");
        }

        var features = new float[table.Rows.Count][];
        for (var r = 0; r < features.Length; r++)
        {
            var row = new float[columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                var field = table.Rows[r][columns[i]];
                row[i] = CsvTable.TryParseNumber(field, out var value) ? (float)value : float.NaN;
            }

            features[r] = row;
        }

        var entities = entityIndex < 0 ? null : table.Rows.Select(row => row[entityIndex].Trim()).ToArray();
        if (entities is not null && Array.FindIndex(entities, e => e.Length == 0) is var blank and >= 0)
        {
            throw new CliException($"{options.Input}: line {table.LineOf(blank)}: entity '{options.Entity}' is empty");
        }

        return new EvaluateData(names, skipped, features, labels.Values, entities, task) { Classes = labels.Classes };
    }

    private sealed record LabelColumn(double[] Values, IReadOnlyList<string> Classes);

    private static (LabelColumn Labels, ModelTask Task) ReadLabels(CsvTable table, int labelIndex, EvaluateOptions options)
    {
        var fields = table.Rows.Select(row => row[labelIndex].Trim()).ToArray();
        if (Array.FindIndex(fields, f => f.Length == 0) is var blank and >= 0)
        {
            throw new CliException($"{options.Input}: line {table.LineOf(blank)}: label '{options.Label}' is empty");
        }

        var numbers = new double[fields.Length];
        var numeric = true;
        for (var r = 0; r < fields.Length && numeric; r++)
        {
            numeric = CsvTable.TryParseNumber(fields[r], out numbers[r]) && double.IsFinite(numbers[r]);
        }

        var distinct = numeric ? numbers.Distinct().Count() : fields.Distinct(StringComparer.Ordinal).Count();
        if (distinct < 2)
        {
            throw new CliException($"{options.Input}: label '{options.Label}' takes one value only; there is nothing to learn");
        }

        var task = options.Task
            ?? (distinct == 2 ? ModelTask.BinaryClassification
                : !numeric || (distinct <= MaxInferredClasses && numbers.All(v => v == Math.Round(v))) ? ModelTask.MulticlassClassification
                : ModelTask.Regression);
        var kind = task.Kind();
        if (!kind.IsClassifier)
        {
            if (!numeric)
            {
                var bad = Array.FindIndex(fields, f => !CsvTable.TryParseNumber(f, out var v) || !double.IsFinite(v));
                throw new CliException($"{options.Input}: line {table.LineOf(bad)}: a regression label must be a finite number, '{options.Label}' is '{fields[bad]}'");
            }

            return (new LabelColumn(numbers, []), task);
        }

        if (kind.FixedClassCount is { } fixedClasses && distinct != fixedClasses)
        {
            throw new CliException($"{options.Input}: label '{options.Label}' takes {distinct} values; a {kind.ShortName} task needs exactly {fixedClasses}");
        }

        if (distinct > ModelTrainer.MaxClassIndex + 1)
        {
            throw new CliException($"{options.Input}: label '{options.Label}' takes {distinct} values; a classifier takes at most {ModelTrainer.MaxClassIndex + 1} classes");
        }

        // Classes numbered by value: numbers in numeric order, text in ordinal order.
        string[] classes;
        double[] values;
        if (numeric)
        {
            (values, var order) = Numbered(numbers, Comparer<double>.Default, EqualityComparer<double>.Default);
            classes = [.. order.Select(v => v.ToString(CultureInfo.InvariantCulture))];
        }
        else
        {
            (values, classes) = Numbered(fields, StringComparer.Ordinal, StringComparer.Ordinal);
        }

        return (new LabelColumn(values, classes), task);
    }

    /// <summary>Each item's index among the distinct items in <paramref name="order"/>, and those distinct items.</summary>
    private static (double[] Indices, T[] Distinct) Numbered<T>(T[] items, IComparer<T> order, IEqualityComparer<T> equality)
        where T : notnull
    {
        T[] distinct = [.. items.Distinct(equality).Order(order)];
        var index = distinct.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, equality);
        return ([.. items.Select(x => (double)index[x])], distinct);
    }
}
