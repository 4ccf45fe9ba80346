namespace StreamML.Cli.Evaluate;

/// <summary>What <c>streamml evaluate</c> was asked to do.</summary>
/// <param name="Input">The CSV file.</param>
/// <param name="Label">The label column.</param>
/// <param name="Entity">The entity column, or null for one entity holding the whole stream.</param>
/// <param name="LabelDelay">Rows after which each label is fed back.</param>
/// <param name="Task">The task, or null to infer it from the label's values.</param>
internal sealed record EvaluateOptions(string Input, string Label, string? Entity, int LabelDelay, Core.Schema.ModelTask? Task = null);
