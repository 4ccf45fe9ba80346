using System.Net;
using StreamML.Contracts;

namespace StreamML.Client;

/// <summary>Events, scoring, labels and entities.</summary>
public sealed partial class StreamMLClient
{
    /// <summary>Sends events (<c>POST /v1/events</c>); the valid ones are accepted, the invalid ones come back as per-item errors.</summary>
    /// <param name="events">The events to send.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the whole request or could not be reached.</exception>
    public Task<IngestResponse> SendEventsAsync(IEnumerable<EventRequest> events, CancellationToken cancellationToken = default) =>
        RequireAsync<IngestResponse>(HttpMethod.Post, "v1/events", ToWire(events), cancellationToken, new(HttpStatusCode.BadRequest, "accepted"));

    /// <summary>Scores events synchronously (<c>POST /v1/score</c>); they are applied to their entities like any other event.</summary>
    /// <param name="events">The events to score.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the whole request or could not be reached.</exception>
    public Task<ScoreResponse> ScoreAsync(IEnumerable<EventRequest> events, CancellationToken cancellationToken = default) =>
        RequireAsync<ScoreResponse>(HttpMethod.Post, "v1/score", ToWire(events), cancellationToken, new(HttpStatusCode.BadRequest, "predictions"));

    /// <summary>Sends labels for earlier events (<c>POST /v1/labels</c>) and answers once they are applied.</summary>
    /// <param name="labels">The labels to send.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the whole request or could not be reached.</exception>
    public Task<LabelResponse> SendLabelsAsync(IEnumerable<LabelRequest> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        LabelDto[] wire = [.. labels.Select(l => new LabelDto { Id = l.Id, Entity = l.Entity, Label = l.Label, Time = l.Time })];
        return RequireAsync<LabelResponse>(HttpMethod.Post, "v1/labels", wire, cancellationToken, new(HttpStatusCode.BadRequest, "matched"));
    }

    /// <summary>Reads an entity's state (<c>GET /v1/entities/{id}</c>); null when it has none.</summary>
    /// <param name="entity">The entity id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<EntityDto?> GetEntityAsync(string entity, CancellationToken cancellationToken = default) =>
        (await CallAsync<EntityDto>(HttpMethod.Get, EntityPath(entity), null, cancellationToken, notFoundIsNull: true).ConfigureAwait(false)).Body;

    /// <summary>Erases an entity's state (<c>DELETE /v1/entities/{id}</c>); false when it had none.</summary>
    /// <param name="entity">The entity id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<bool> DeleteEntityAsync(string entity, CancellationToken cancellationToken = default) =>
        (await CallAsync<object>(HttpMethod.Delete, EntityPath(entity), null, cancellationToken, notFoundIsNull: true).ConfigureAwait(false)).Status != HttpStatusCode.NotFound;

    private static string EntityPath(string entity)
    {
        ArgumentException.ThrowIfNullOrEmpty(entity);
        return "v1/entities/" + Uri.EscapeDataString(entity);
    }

    private static EventDto[] ToWire(IEnumerable<EventRequest> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events.Select(e => new EventDto { Id = e.Id, Entity = e.Entity, Time = e.Time, Features = e.Features, Segment = e.Segment })];
    }
}
