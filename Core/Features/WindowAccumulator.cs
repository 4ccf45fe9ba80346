namespace StreamML.Core.Features;

/// <summary>
/// The running aggregates of one feature over a window, folded in event-time order. Also the state a window keeps for
/// the part of a bucket or session whose events it no longer buffers, so folding can continue exactly where it stopped.
/// </summary>
internal struct WindowAccumulator
{
    public long Count;
    public double Sum;
    public double Min;
    public double Max;
    public long WelfordN;
    public double WelfordMean;
    public double WelfordM2;
    public double Ewma;
    public bool HasEwma;
    public double Last;

    public static WindowAccumulator Empty => new()
    {
        Min = double.PositiveInfinity,
        Max = double.NegativeInfinity,
        Last = double.NaN,
    };

    /// <summary>Folds one value; a NaN value is missing and changes nothing.</summary>
    public void Add(double x, double alpha)
    {
        if (double.IsNaN(x))
        {
            return;
        }

        Count++;
        Sum += x;
        if (x < Min)
        {
            Min = x;
        }

        if (x > Max)
        {
            Max = x;
        }

        WelfordN++;
        var delta = x - WelfordMean;
        WelfordMean += delta / WelfordN;
        WelfordM2 += delta * (x - WelfordMean);
        if (HasEwma)
        {
            Ewma = (alpha * x) + ((1 - alpha) * Ewma);
        }
        else
        {
            Ewma = x;
            HasEwma = true;
        }

        Last = x;
    }

    public readonly void Write(ref Serialization.SnapshotWriter w)
    {
        w.Write(Count);
        w.Write(Sum);
        w.Write(Min);
        w.Write(Max);
        w.Write(WelfordN);
        w.Write(WelfordMean);
        w.Write(WelfordM2);
        w.Write(Ewma);
        w.Write(HasEwma);
        w.Write(Last);
    }

    public static WindowAccumulator Read(ref Serialization.SnapshotReader r) => new()
    {
        Count = r.ReadInt64(),
        Sum = r.ReadDouble(),
        Min = r.ReadDouble(),
        Max = r.ReadDouble(),
        WelfordN = r.ReadInt64(),
        WelfordMean = r.ReadDouble(),
        WelfordM2 = r.ReadDouble(),
        Ewma = r.ReadDouble(),
        HasEwma = r.ReadBoolean(),
        Last = r.ReadDouble(),
    };
}
