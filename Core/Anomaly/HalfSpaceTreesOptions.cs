namespace StreamML.Core.Anomaly;

/// <summary>Parameters of <see cref="HalfSpaceTrees"/>, named and defaulted as River's <c>anomaly.HalfSpaceTrees</c>.</summary>
public sealed class HalfSpaceTreesOptions
{
    /// <summary>Number of trees.</summary>
    /// <value>The default value is 10.</value>
    public int Trees { get; set; } = 10;

    /// <summary>Height of each tree: a tree of height h has h + 1 levels and 2^(h+1) − 1 nodes.</summary>
    /// <value>The default value is 8.</value>
    public int Height { get; set; } = 8;

    /// <summary>Observations per window: the masses that score an observation are those counted over the previous full window.</summary>
    /// <value>The default value is 250.</value>
    public int WindowSize { get; set; } = 250;

    /// <summary>Seed of the generator that draws the trees; null draws a fresh seed.</summary>
    /// <value>The default value is null.</value>
    public long? Seed { get; set; }

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Trees is < 1 or > 1_000)
        {
            errors.Add("Trees must be between 1 and 1000.");
        }

        if (Height is < 1 or > 20)
        {
            errors.Add("Height must be between 1 and 20.");
        }

        if (WindowSize is < 1 or > 10_000_000)
        {
            errors.Add("WindowSize must be between 1 and 10,000,000.");
        }

        return errors;
    }
}
