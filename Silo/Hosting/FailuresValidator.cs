using Microsoft.Extensions.Options;

namespace StreamML.Silo.Hosting;

/// <summary>
/// Validates options with a method that lists every problem at once: Core's options check themselves that way (Core
/// does without Microsoft.Extensions.Options), and so do the checks that depend on the host's choice of source or storage.
/// </summary>
internal sealed class FailuresValidator<T>(Func<T, IEnumerable<string>> failures) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var found = failures(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
