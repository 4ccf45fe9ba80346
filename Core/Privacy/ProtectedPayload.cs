namespace StreamML.Core.Privacy;

/// <summary>What a dead letter may keep of a record the platform could not decode.</summary>
/// <param name="Text">The payload as text, its personal data pseudonymised (see <see cref="Pseudonymiser.Protect"/>); null when nothing may be kept.</param>
/// <param name="Entity">The record's entity (its pseudonym when pseudonymising), when it could be recognised.</param>
/// <param name="EventId">The record's event id (its pseudonym when <c>id</c> is configured), when it could be recognised.</param>
public readonly record struct ProtectedPayload(string? Text, string? Entity, string? EventId);
