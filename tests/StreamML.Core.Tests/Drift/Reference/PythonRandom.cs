namespace StreamML.Core.Tests.Drift.Reference;

/// <summary>
/// The parts of CPython's <c>random.Random</c> (3.9 to 3.13) that River's docstrings and tests use, reproduced from
/// the documented algorithms: integer seeding through <c>init_by_array</c>, <c>random()</c>, and <c>choices</c>
/// with and without weights.
/// </summary>
internal sealed class PythonRandom
{
    private readonly Mt19937 _mt;

    /// <summary><c>random.Random(seed)</c> for a non-negative integer seed.</summary>
    public PythonRandom(ulong seed)
    {
        // CPython splits abs(seed) into 32-bit words, least significant first; zero gives the key [0].
        var words = new List<uint>();
        var s = seed;
        do
        {
            words.Add((uint)(s & 0xffffffffUL));
            s >>= 32;
        }
        while (s != 0);
        _mt = Mt19937.FromKey([.. words]);
    }

    /// <summary><c>random()</c>.</summary>
    public double Random() => _mt.NextDouble();

    /// <summary><c>choices(population, k=k)</c>: <c>population[floor(random() * n)]</c> for each pick.</summary>
    public double[] Choices(IReadOnlyList<double> population, int k)
    {
        var n = (double)population.Count;
        var result = new double[k];
        for (var i = 0; i < k; i++)
        {
            result[i] = population[(int)Math.Floor(Random() * n)];
        }

        return result;
    }

    /// <summary>
    /// <c>choices(population, weights, k=k)</c>: the cumulative weights are summed left to right and each pick is
    /// <c>bisect_right(cum_weights, random() * total, 0, n - 1)</c>.
    /// </summary>
    public double[] Choices(IReadOnlyList<double> population, IReadOnlyList<double> weights, int k)
    {
        var cumulative = new double[weights.Count];
        var acc = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            acc += weights[i];
            cumulative[i] = acc;
        }

        var total = cumulative[^1] + 0.0;
        var hi = population.Count - 1;
        var result = new double[k];
        for (var i = 0; i < k; i++)
        {
            var x = Random() * total;
            var lo = 0;
            var h = hi;
            while (lo < h)
            {
                var mid = (lo + h) / 2;
                if (x < cumulative[mid])
                {
                    h = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            result[i] = population[lo];
        }

        return result;
    }
}
