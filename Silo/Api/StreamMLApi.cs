using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using StreamML.Contracts;
using StreamML.Core.Events;
using StreamML.Core.Hashing;
using StreamML.Core.Privacy;
using StreamML.GrainInterfaces;
using StreamML.Grains.Alerts;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Silo.Security;
using StreamML.Transports.Http;

namespace StreamML.Silo.Api;

/// <summary>The StreamML HTTP API (see DESIGN §8): events, scoring, labels, entities, models, dead letters, health.</summary>
public static class StreamMLApi
{
    private const string Json = "application/json";

    /// <summary>Maps the API's routes.</summary>
    public static IEndpointRouteBuilder MapStreamMLApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/events", PostEventsAsync)
            .Describe("PostEvents", "events", "Sends events: the valid ones are queued for their entities, the invalid ones come back as per-item errors (and are dead-lettered).")
            .Accepts<EventDto[]>(Json)
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .Produces<IngestResponse>(StatusCodes.Status400BadRequest)
            .Produces<QueueFullResponse>(StatusCodes.Status429TooManyRequests)
            .RequireAuthorization(StreamMLPolicies.Ingest);
        v1.MapPost("/score", PostScoreAsync)
            .Describe("PostScore", "events", "Scores events synchronously; they are applied to their entities like any other event.")
            .Accepts<EventDto[]>(Json)
            .Produces<ScoreResponse>()
            .Produces<ScoreResponse>(StatusCodes.Status400BadRequest)
            .RequireAuthorization(StreamMLPolicies.Ingest);
        v1.MapPost("/labels", PostLabelsAsync)
            .Describe("PostLabels", "labels", "Sends labels for earlier events and answers once they are applied, with how each was joined.")
            .Accepts<LabelDto[]>(Json)
            .Produces<LabelResponse>()
            .Produces<LabelResponse>(StatusCodes.Status400BadRequest)
            .Produces<QueueFullResponse>(StatusCodes.Status429TooManyRequests)
            .Produces<LabelsNotAppliedResponse>(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(StreamMLPolicies.Ingest);
        v1.MapGet("/entities/{id}", GetEntityAsync)
            .Describe("GetEntity", "entities", "Reads one entity's counters, watermark, features and last prediction.")
            .Produces<EntityDto>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .RequireAuthorization(StreamMLPolicies.Reader);
        v1.MapDelete("/entities/{id}", DeleteEntityAsync)
            .Describe("DeleteEntity", "entities", "Erases everything kept of one entity (state, remembered predictions, labelled examples, dead letters), written before the answer.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .RequireAuthorization(StreamMLPolicies.Admin);
        v1.MapGet("/models", GetModelsAsync)
            .Describe("ListModels", "models", "Lists the models the platform serves, each with its versions, routing and retraining.")
            .Produces<ModelSummaryDto[]>()
            .RequireAuthorization(StreamMLPolicies.Reader);
        v1.MapModelApi();
        v1.MapGet("/deadletters", GetDeadLettersAsync)
            .Describe("GetDeadLetters", "operations", "Reads a page of dead letters (inputs the platform could not use), optionally of one reason.")
            .Produces<DeadLetterPageDto>()
            .RequireAuthorization(StreamMLPolicies.Reader);
        v1.MapGet("/drift", GetDriftAsync)
            .Describe("GetDrift", "operations", "Reads a model's drift in every scope: all traffic, then each segment.")
            .Produces<DriftResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .RequireAuthorization(StreamMLPolicies.Reader);
        v1.MapGet("/alerts", GetAlertsAsync)
            .Describe("GetAlerts", "operations", "Reads the active and recently resolved alerts and the configured rules.")
            .Produces<AlertsResponse>()
            .RequireAuthorization(StreamMLPolicies.Reader);
        app.MapGet("/healthz", () => Results.Ok(new HealthResponse { Status = "ok" }))
            .Describe("GetHealth", "health", "Liveness: answers while the process runs.")
            .Produces<HealthResponse>()
            .AllowAnonymous();
        app.MapGet("/readyz", GetReady)
            .Describe("GetReadiness", "health", "Readiness: the silo is active in its cluster and its sources are read.")
            .Produces<ReadinessResponse>()
            .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
        return app;
    }

    private static async Task<IResult> PostEventsAsync(HttpRequest request, RequestDecoder decoder, HttpIngestSource ingest, DeadLetterSink deadLetters, CancellationToken cancellationToken)
    {
        RequestDecoder.Decoded<(int Index, StreamEvent Event)> decoded;
        using (var body = await RequestBody.ReadAsync(request, cancellationToken))
        {
            decoded = decoder.DecodeEvents(body.Utf8, "events");
        }

        if (decoded.Problem is { } problem)
        {
            return Results.BadRequest(new ErrorResponse { Error = problem });
        }

        if (decoded.Valid.Count > 0 && !ingest.TryEnqueue([.. decoded.Valid.Select(v => v.Event)]))
        {
            return QueueFull();
        }

        await deadLetters.AddRequestAsync(decoded.DeadLetters, decoded.OmittedDeadLetters, "http", cancellationToken);

        var response = new IngestResponse { Accepted = decoded.Valid.Count, Rejected = decoded.Errors.Count, Errors = decoded.Errors };
        return decoded.Errors.Count == 0 ? Results.Json(response, statusCode: StatusCodes.Status202Accepted) : Results.BadRequest(response);
    }

    private static async Task<IResult> PostScoreAsync(HttpRequest request, RequestDecoder decoder, IGrainFactory grains, PlatformContext context, DeadLetterSink deadLetters, TimeProvider time, CancellationToken cancellationToken)
    {
        RequestDecoder.Decoded<(int Index, StreamEvent Event)> decoded;
        using (var body = await RequestBody.ReadAsync(request, cancellationToken))
        {
            decoded = decoder.DecodeEvents(body.Utf8, "events");
        }

        if (decoded.Problem is { } problem)
        {
            return Results.BadRequest(new ErrorResponse { Error = problem });
        }

        var now = time.GetUtcNow().UtcTicks;
        var groups = context.Entity.Groups;
        var byGroup = decoded.Valid.GroupBy(v => EntityGroups.GroupOf(v.Event.Entity, groups)).ToList();
        var calls = byGroup.Select(async g =>
        {
            var events = g.Select(v => EventEnvelope.NotFromLog(v.Event, now)).ToArray();
            var predictions = await grains.GetGrain<IEntityGroupGrain>(g.Key).ScoreAsync(events, cancellationToken);
            return predictions.GroupBy(p => p.EventId, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Last(), StringComparer.Ordinal);
        });
        var results = await Task.WhenAll(calls);
        var byId = results.SelectMany(r => r).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var ordered = decoded.Valid.Where(v => byId.ContainsKey(v.Event.Id)).Select(v => byId[v.Event.Id].ToDto()).ToList();
        await deadLetters.AddRequestAsync(decoded.DeadLetters, decoded.OmittedDeadLetters, "http", cancellationToken);

        var response = new ScoreResponse { Predictions = ordered, Errors = decoded.Errors };
        return decoded.Errors.Count == 0 ? Results.Ok(response) : Results.BadRequest(response);
    }

    /// <summary>
    /// Labels take the ordered path of events (the HTTP queue and its pump), so a label sent after its event reaches the
    /// entity after it; the request waits until its labels are applied to answer with their outcomes.
    /// </summary>
    private static async Task<IResult> PostLabelsAsync(HttpRequest request, RequestDecoder decoder, HttpIngestSource ingest, DeadLetterSink deadLetters, CancellationToken cancellationToken)
    {
        RequestDecoder.Decoded<LabelEvent> decoded;
        using (var body = await RequestBody.ReadAsync(request, cancellationToken))
        {
            decoded = decoder.DecodeLabels(body.Utf8);
        }

        if (decoded.Problem is { } problem)
        {
            return Results.BadRequest(new ErrorResponse { Error = problem });
        }

        var receipt = decoded.Valid.Count > 0 ? ingest.TryEnqueueLabels(decoded.Valid) : null;
        if (decoded.Valid.Count > 0 && receipt is null)
        {
            return QueueFull();
        }

        await deadLetters.AddRequestAsync(decoded.DeadLetters, decoded.OmittedDeadLetters, "http", cancellationToken);

        var tally = receipt is null ? default : await receipt.Completion.WaitAsync(cancellationToken);
        var response = new LabelResponse
        {
            Matched = tally.Matched,
            Unmatched = tally.Unmatched,
            Duplicates = tally.Duplicates,
            Expired = tally.Expired,
            Rejected = decoded.Errors.Count,
            Errors = decoded.Errors,
        };
        if (tally.NotApplied > 0)
        {
            // Sending them again is safe: a label already applied comes back as a duplicate.
            return Results.Json(
                new LabelsNotAppliedResponse
                {
                    Error = $"{tally.NotApplied} of {decoded.Valid.Count} labels were not applied (the silo is stopping, or their entity group moved or kept failing); send them again",
                    NotApplied = tally.NotApplied,
                    Matched = tally.Matched,
                    Unmatched = tally.Unmatched,
                    Duplicates = tally.Duplicates,
                    Expired = tally.Expired,
                    Rejected = decoded.Errors.Count,
                    Errors = decoded.Errors,
                },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return decoded.Errors.Count == 0 ? Results.Ok(response) : Results.BadRequest(response);
    }

    /// <summary>Takes the raw id; with pseudonymisation on, the entity is found (and answered) by its pseudonym.</summary>
    private static async Task<IResult> GetEntityAsync(string id, IGrainFactory grains, PlatformContext context, Pseudonymiser pseudonymiser)
    {
        var entity = pseudonymiser.Pseudonymise(id);
        var snapshot = await grains.For(entity, context.Entity.Groups).GetAsync(entity);
        return snapshot.Exists ? Results.Ok(snapshot.ToDto()) : Results.NotFound(new ErrorResponse { Error = $"entity '{entity}' has no state" });
    }

    /// <summary>
    /// Erases everything the platform keeps of an entity: its state and remembered predictions, its labelled examples and
    /// its dead letters, each written to storage before the answer. 404 when none of them held anything. The audit record
    /// names the entity as kept (its pseudonym when pseudonymising).
    /// </summary>
    private static async Task<IResult> DeleteEntityAsync(
        string id, ClaimsPrincipal user, AuditLog audit, IGrainFactory grains, PlatformContext context, Pseudonymiser pseudonymiser, DeadLetterSink deadLetters,
        CancellationToken cancellationToken)
    {
        var entity = pseudonymiser.Pseudonymise(id);
        var state = await grains.For(entity, context.Entity.Groups).EraseAsync(entity, cancellationToken);

        // The entity group's silo flushed its own queues; this silo's holds the dead letters of refused HTTP items.
        await deadLetters.FlushAsync(cancellationToken);
        var examples = await grains.GetGrain<ILabelledExampleGrain>(context.ModelName).EraseEntityAsync(EntityHash.Hash64(entity));
        var letters = await grains.GetGrain<IDeadLetterGrain>(0).EraseEntityAsync(entity);
        var erased = state || examples > 0 || letters > 0;
        audit.Record(Caller.NameOf(user), "entity.erase", AuditLog.EntityTarget(entity), erased ? "erased" : "no state");
        return erased ? Results.NoContent() : Results.NotFound(new ErrorResponse { Error = $"entity '{entity}' has no state" });
    }

    private static async Task<IResult> GetModelsAsync(IGrainFactory grains, PlatformContext context)
    {
        var registry = grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var routing = await registry.GetRoutingAsync();
        var versions = await registry.GetVersionsAsync();
        var status = await grains.GetGrain<IRetrainingGrain>(context.ModelName).GetStatusAsync();
        ModelSummaryDto[] models =
        [
            new()
            {
                Name = context.ModelName,
                SchemaHash = context.Plan.SchemaHash,
                Routing = routing.ToDto(),
                Retraining = status.ToDto(),
                Versions = [.. versions.Select(v => v.ToSummaryDto())],
            },
        ];
        return Results.Ok(models);
    }

    private static async Task<IResult> GetDriftAsync(IGrainFactory grains, PlatformContext context, string? model)
    {
        var name = string.IsNullOrWhiteSpace(model) ? context.ModelName : model;
        if (ModelApi.Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var all = await grains.GetGrain<IDriftMonitorGrain>($"{name}/{DriftScopes.All}").GetAsync();
        var segments = await Task.WhenAll(all.Segments.Select(s => grains.GetGrain<IDriftMonitorGrain>($"{name}/{s}").GetAsync()));
        return Results.Ok(new DriftResponse { Model = name, Scopes = [.. new[] { all }.Concat(segments).Select(r => r.ToDto())] });
    }

    private static async Task<IResult> GetDeadLettersAsync(IGrainFactory grains, string? reason, long? after, int? limit, CancellationToken cancellationToken)
    {
        var page = await grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(reason, after ?? 0, limit ?? 100, cancellationToken);
        return Results.Ok(page.ToDto());
    }

    private static async Task<IResult> GetAlertsAsync(IGrainFactory grains)
    {
        var view = await grains.GetGrain<IAlertGrain>(0).GetAsync();
        return Results.Ok(new AlertsResponse
        {
            Active = [.. view.Active.Select(AlertMapping.ToDto)],
            Recent = [.. view.Recent.Select(AlertMapping.ToDto)],
            Rules = view.Rules,
        });
    }

    private static IResult GetReady(IClusterMembershipService membership, ILocalSiloDetails local, [FromServices] IEnumerable<PumpHost> pumps, [FromServices] IEnumerable<SourceLagMonitor> lags)
    {
        var problems = new List<string>();
        if (!membership.CurrentSnapshot.Members.TryGetValue(local.SiloAddress, out var self) || self.Status != SiloStatus.Active)
        {
            problems.Add("the silo is not active in the cluster yet");
        }

        foreach (var host in pumps)
        {
            foreach (var failing in host.Status.Where(s => s.SourceFailing || s.Faulted))
            {
                problems.Add(failing.Faulted
                    ? $"source {host.SourceName} partition {failing.Partition} is stopped by an error ({failing.Fault}); it starts again from its checkpoint"
                    : $"source {host.SourceName} partition {failing.Partition} is unreachable");
            }

            foreach (var holding in host.Status.Where(s => s.StateNotWritten is not null))
            {
                problems.Add($"source {host.SourceName} partition {holding.Partition}: {holding.StateNotWritten}");
            }
        }

        // The partitions this silo pumps, so operators (and the fault test) can see ownership move between silos.
        var lag = lags.FirstOrDefault();
        List<PartitionStatusDto> partitions = [.. pumps.SelectMany(h => h.Status.Select(s => new PartitionStatusDto(h.SourceName, s.Partition, s.RecordsRead, s.Checkpoint, lag?.LagOf(s.Partition))))
            .OrderBy(p => p.Partition)];
        return problems.Count == 0
            ? Results.Ok(new ReadinessResponse { Status = "ready", Partitions = partitions })
            : Results.Json(new ReadinessResponse { Status = "not ready", Problems = problems, Partitions = partitions }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult QueueFull() =>
        Results.Json(new QueueFullResponse { Error = "the ingest queue is full; retry later", Accepted = 0 }, statusCode: StatusCodes.Status429TooManyRequests);
}
