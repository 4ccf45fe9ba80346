using System.Runtime.CompilerServices;
using StreamML.Core.Generator;
using StreamML.Core.Sources;

namespace StreamML.Testing.Platform;

/// <summary>Every record a generator configuration produces, partition after partition: the reference a test compares the platform with.</summary>
public static class GeneratorRecords
{
    /// <summary>Reads each partition of a <see cref="GeneratorSource"/> over <paramref name="options"/> to its end.</summary>
    public static async IAsyncEnumerable<SourceRecord> ReadAllAsync(GeneratorOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var source = new GeneratorSource(options, TimeProvider.System);
        var buffer = new SourceRecord[4_096];
        foreach (var partition in await source.GetPartitionsAsync(cancellationToken))
        {
            await using var reader = await source.OpenAsync(partition, null, cancellationToken);
            int n;
            while ((n = await reader.ReadAsync(buffer, cancellationToken)) >= 0)
            {
                for (var i = 0; i < n; i++)
                {
                    yield return buffer[i];
                }
            }
        }
    }
}
