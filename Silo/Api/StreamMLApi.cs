using Microsoft.AspNetCore.Mvc;
using StreamML.Contracts;
using StreamML.Core.Events;
using StreamML.GrainInterfaces;
using StreamML.Grains.Alerts;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Transports.Http;

namespace StreamML.Silo.Api;

/// <summary>The StreamML HTTP API (see DESIGN §8): events, scoring, labels, entities, models, dead letters, health.</summary>
public static class StreamMLApi
{
    /// <summary>Maps the API's routes.</summary>
    public static IEndpointRouteBuilder MapStreamMLApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/events", PostEventsAsync);
        v1.MapPost("/score", PostScoreAsync);
        v1.MapPost("/labels", PostLabelsAsync);
        v1.MapGet("/entities/{id}", GetEntityAsync);
        v1.MapDelete("/entities/{id}", DeleteEntityAsync);
        v1.MapGet("/models", GetModelsAsync);
        v1.MapModelApi();
        v1.MapGet("/deadletters", GetDeadLettersAsync);
        v1.MapGet("/drift", GetDriftAsync);
        v1.MapGet("/alerts", GetAlertsAsync);
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", GetReady);
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
            return Results.BadRequest(new { error = problem });
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
            return Results.BadRequest(new { error = problem });
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
            return Results.BadRequest(new { error = problem });
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
                new
                {
                    error = $"{tally.NotApplied} of {decoded.Valid.Count} labels were not applied (the silo is stopping, or their entity group moved or kept failing); send them again",
                    notApplied = tally.NotApplied,
                    matched = tally.Matched,
                    unmatched = tally.Unmatched,
                    duplicates = tally.Duplicates,
                    expired = tally.Expired,
                    rejected = decoded.Errors.Count,
                    errors = decoded.Errors,
                },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return decoded.Errors.Count == 0 ? Results.Ok(response) : Results.BadRequest(response);
    }

    private static async Task<IResult> GetEntityAsync(string id, IGrainFactory grains, PlatformContext context)
    {
        var snapshot = await grains.For(id, context.Entity.Groups).GetAsync(id);
        return snapshot.Exists ? Results.Ok(snapshot.ToDto()) : Results.NotFound(new { error = $"entity '{id}' has no state" });
    }

    private static async Task<IResult> DeleteEntityAsync(string id, IGrainFactory grains, PlatformContext context, CancellationToken cancellationToken)
    {
        var existed = await grains.For(id, context.Entity.Groups).EraseAsync(id, cancellationToken);
        return existed ? Results.NoContent() : Results.NotFound(new { error = $"entity '{id}' has no state" });
    }

    private static async Task<IResult> GetModelsAsync(IGrainFactory grains, PlatformContext context)
    {
        var registry = grains.GetGrain<IModelRegistryGrain>(context.ModelName);
        var routing = await registry.GetRoutingAsync();
        var versions = await registry.GetVersionsAsync();
        var status = await grains.GetGrain<IRetrainingGrain>(context.ModelName).GetStatusAsync();
        return Results.Ok(new[]
        {
            new
            {
                name = context.ModelName,
                schemaHash = context.Plan.SchemaHash,
                routing = new { routing.Revision, routing.Champion, routing.Challenger, canaryPercent = routing.CanaryBasisPoints / 100.0, routing.Shadow },
                retraining = status.ToDto(),
                versions = versions.Select(v => new
                {
                    v.Version,
                    status = v.Status.ToString().ToLowerInvariant(),
                    v.Trainer,
                    v.Reason,
                    v.CreatedAt,
                    v.TrainingStart,
                    v.TrainingEnd,
                    v.TrainingExamples,
                    v.Metrics,
                    v.ParentVersion,
                    v.SchemaHash,
                    v.ArtifactSha256,
                }),
            },
        });
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
        return Results.Ok(new { model = name, scopes = new[] { all }.Concat(segments) });
    }

    private static async Task<IResult> GetDeadLettersAsync(IGrainFactory grains, string? reason, long? after, int? limit, CancellationToken cancellationToken)
    {
        var page = await grains.GetGrain<IDeadLetterGrain>(0).QueryAsync(reason, after ?? 0, limit ?? 100, cancellationToken);
        return Results.Ok(page);
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

    private static IResult GetReady(IClusterMembershipService membership, ILocalSiloDetails local, [FromServices] IEnumerable<PumpHost> pumps)
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
                problems.Add($"source {host.SourceName} partition {failing.Partition} is {(failing.Faulted ? "stopped by an error" : "unreachable")}");
            }
        }

        // The partitions this silo pumps, so operators (and the fault test) can see ownership move between silos.
        var partitions = pumps.SelectMany(h => h.Status.Select(s => new { source = h.SourceName, partition = s.Partition, read = s.RecordsRead, checkpoint = s.Checkpoint }))
            .OrderBy(p => p.partition)
            .ToList();
        return problems.Count == 0
            ? Results.Ok(new { status = "ready", partitions })
            : Results.Json(new { status = "not ready", problems, partitions }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult QueueFull() =>
        Results.Json(new { error = "the ingest queue is full; retry later", accepted = 0 }, statusCode: StatusCodes.Status429TooManyRequests);
}
