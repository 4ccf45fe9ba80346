using System.Collections.Concurrent;
using CsCheck;

namespace StreamML.Testing.Fuzzing;

/// <summary>
/// Runs a decoder over many generated inputs with CsCheck (in parallel, reproducible by seed): any exception fails the
/// test with the input that caused it. Each input's outcome (decoded, or the reason it was refused) is tallied and the
/// tally written as one test output line, <c>fuzz {name}: {n} inputs, ...</c>.
/// </summary>
public static class Fuzz
{
    /// <summary>The outcome name of an input that decoded.</summary>
    public const string Decoded = "decoded";

    /// <summary>
    /// Samples <paramref name="gen"/> <paramref name="iterations"/> times; <paramref name="check"/> decodes one input,
    /// asserts what must hold, and names the outcome.
    /// </summary>
    /// <returns>How many inputs were run.</returns>
    public static long Run<T>(string name, Gen<T> gen, long iterations, Func<T, string> check, Func<T, string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(check);
        var outcomes = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long runs = 0;
        gen.Sample(
            input =>
            {
                var outcome = check(input);
                Interlocked.Increment(ref runs);
                outcomes.AddOrUpdate(outcome, 1, static (_, n) => n + 1);
            },
            iter: iterations,
            print: print);
        var tally = string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz {name}: {runs} inputs, no exception; {tally}");
        return runs;
    }

    /// <summary>Inputs built by <see cref="FuzzText"/> from a seed.</summary>
    public static Gen<T> From<T>(Func<FuzzText, T> build) => Gen.Int.Select(seed => build(new FuzzText(seed)));
}
