using Microsoft.Extensions.Options;

namespace StreamML.Silo.Hosting;

/// <summary>
/// Hands out options built in code (tests, the CLI's in-process silo) where configuration would bind a new instance;
/// configure steps and validators still run on them, so code-built settings are checked like configured ones.
/// </summary>
internal sealed class SuppliedOptionsFactory<T>(
    T value, IEnumerable<IConfigureOptions<T>> setups, IEnumerable<IPostConfigureOptions<T>> postConfigures, IEnumerable<IValidateOptions<T>> validations)
    : OptionsFactory<T>(setups, postConfigures, validations)
    where T : class
{
    protected override T CreateInstance(string name) => value;
}
