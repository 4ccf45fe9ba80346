namespace StreamML.Silo.Hosting;

/// <summary>Which log feeds the partition pumps.</summary>
public enum SourceKind
{
    /// <summary>No log: events arrive by the HTTP API only.</summary>
    None = 0,

    /// <summary>The built-in generator (the embedded default).</summary>
    Generator = 1,
}
