namespace StreamML.Contracts;

/// <summary>Why one item of a request was refused.</summary>
/// <param name="Index">The item's 0-based position in the request.</param>
/// <param name="Reason">The machine-readable reason (for example MissingFeature).</param>
/// <param name="Message">One sentence naming the field.</param>
public sealed record ItemError(int Index, string Reason, string Message);
