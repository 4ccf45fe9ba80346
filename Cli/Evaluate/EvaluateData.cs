using StreamML.Core.Data;
using StreamML.Core.Schema;

namespace StreamML.Cli.Evaluate;

/// <summary>
/// A CSV file read for evaluation: every numeric column but the label and the entity is a feature (a column is numeric
/// when each of its fields parses as a number; empty fields are missing values); the label decides the task: two
/// distinct values make a binary classifier (the smaller is class 0), more make a regression.
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

        var labels = new double[table.Rows.Count];
        for (var r = 0; r < labels.Length; r++)
        {
            if (!CsvTable.TryParseNumber(table.Rows[r][labelIndex], out labels[r]) || !double.IsFinite(labels[r]))
            {
                throw new CliException($"{options.Input}: line {table.LineOf(r)}: label '{options.Label}' must be a finite number, got '{table.Rows[r][labelIndex]}'");
            }
        }

        var distinct = labels.Distinct().Order().ToArray();
        if (distinct.Length < 2)
        {
            throw new CliException($"{options.Input}: label '{options.Label}' takes one value only; there is nothing to learn");
        }

        var task = distinct.Length == 2 ? ModelTask.BinaryClassification : ModelTask.Regression;
        if (task == ModelTask.BinaryClassification)
        {
            for (var r = 0; r < labels.Length; r++)
            {
                labels[r] = labels[r] == distinct[0] ? 0 : 1;
            }
        }

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

        return new EvaluateData(names, skipped, features, labels, entities, task);
    }
}
