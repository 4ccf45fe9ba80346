namespace StreamML.Grains.Pumps;

/// <summary>How a call to an entity group ended under the <see cref="PumpRetryPolicy"/>.</summary>
/// <typeparam name="T">What the call returns.</typeparam>
/// <param name="Result">What the call returned; default when it was given up.</param>
/// <param name="Failure">The failure the call was given up on; null when it returned.</param>
/// <param name="Exhausted">Whether it was given up for failing permanently too often rather than because the pump stops.</param>
internal readonly record struct GroupCallEnd<T>(T? Result, Exception? Failure, bool Exhausted);
