namespace StreamML.Silo.Security;

/// <summary>Whether the HTTP API asks callers who they are.</summary>
public enum AuthMode
{
    /// <summary>Anyone who reaches the API may call it; the silo listens on loopback only.</summary>
    Open,

    /// <summary>Every route but <c>/healthz</c> and <c>/readyz</c> needs a JWT or an API key with a role that allows it.</summary>
    Required,
}
