namespace StreamML.Storage;

/// <summary>How silos find each other (the Orleans membership provider).</summary>
public enum ClusteringProvider
{
    /// <summary>One machine: silos on localhost, no shared membership table.</summary>
    Localhost = 0,

    /// <summary>A membership table in Redis.</summary>
    Redis = 1,

    /// <summary>A membership table in a relational database through ADO.NET (PostgreSQL here).</summary>
    AdoNet = 2,
}
