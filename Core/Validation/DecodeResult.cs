namespace StreamML.Core.Validation;

/// <summary>A decoded value, or the reason it could not be decoded and one sentence naming the field.</summary>
/// <typeparam name="T">The decoded type.</typeparam>
/// <param name="Value">The value, when valid.</param>
/// <param name="Reason">Why it is invalid; <see cref="InvalidReason.None"/> when valid.</param>
/// <param name="Message">What was wrong, naming the field; null when valid.</param>
public readonly record struct DecodeResult<T>(T? Value, InvalidReason Reason, string? Message)
    where T : class
{
    /// <summary>Whether the input was valid.</summary>
    public bool IsValid => Value is not null;

    internal static DecodeResult<T> Invalid(InvalidReason reason, string message) => new(null, reason, message);
}
