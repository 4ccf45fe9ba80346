namespace StreamML.Client;

/// <summary>A label for an earlier event.</summary>
/// <param name="Id">The id of the labelled event.</param>
/// <param name="Entity">The entity of that event.</param>
/// <param name="Label">The observed outcome.</param>
/// <param name="Time">When the outcome was observed; the platform's receiving time when null.</param>
public sealed record LabelRequest(string Id, string Entity, double Label, DateTimeOffset? Time = null);
