using System.Security.Claims;
using System.Text.Json;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.Contracts;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Services;
using StreamML.Silo.Security;

namespace StreamML.Silo.Api;

/// <summary>
/// The model endpoints of the HTTP API: one model with its live figures, its rollout, and the operator's actions
/// (start a rollout, promote, roll back, retrain). Refusals are 400 (bad request), 404 (unknown model) or 409 (nothing
/// to promote or roll back, a run already under way), each with one-line <c>error</c>.
/// </summary>
internal static class ModelApi
{
    private const string Json = "application/json";

    public static void MapModelApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/models/{name}", GetModelAsync)
            .Describe("GetModel", "models", "Reads one model: versions with live figures, routing, rollout, label outcomes and audit trail.")
            .Produces<ModelDto>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .RequireAuthorization(StreamMLPolicies.Reader);
        v1.MapGet("/models/{name}/rollout", GetRolloutAsync)
            .Describe("GetRollout", "models", "Reads a model's current or last rollout.")
            .Produces<RolloutDto>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .RequireAuthorization(StreamMLPolicies.Reader);
        v1.MapPut("/models/{name}/rollout", PutRolloutAsync)
            .Describe("StartRollout", "models", "Starts rolling a version out as a canary ramp or a shadow, superseding a rollout under way.")
            .Accepts<RolloutRequestDto>(Json)
            .ProducesRefusals()
            .RequireAuthorization(StreamMLPolicies.Operator);
        v1.MapPost("/models/{name}/promote", PostPromoteAsync)
            .Describe("Promote", "models", "Makes the challenger of the rollout under way (or a given version) champion now.")
            .Accepts<ModelActionDto>(isOptional: true, Json)
            .ProducesRefusals()
            .RequireAuthorization(StreamMLPolicies.Operator);
        v1.MapPost("/models/{name}/rollback", PostRollbackAsync)
            .Describe("Rollback", "models", "Drops the challenger of the rollout under way; with none, restores the previous champion.")
            .Accepts<ModelActionDto>(isOptional: true, Json)
            .ProducesRefusals()
            .RequireAuthorization(StreamMLPolicies.Operator);
        v1.MapPost("/models/{name}/retrain", PostRetrainAsync)
            .Describe("Retrain", "models", "Starts a training run now, unless one is under way.")
            .Accepts<ModelActionDto>(isOptional: true, Json)
            .Produces<RetrainResponse>(StatusCodes.Status202Accepted)
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<RetrainResponse>(StatusCodes.Status409Conflict)
            .RequireAuthorization(StreamMLPolicies.Operator);
        v1.MapDelete("/models/{name}/retrain", DeleteRetrainAsync)
            .Describe("CancelRetrain", "models", "Cancels the training run under way and answers once it has stopped; nothing is registered.")
            .Produces<CancelRetrainResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .Produces<CancelRetrainResponse>(StatusCodes.Status409Conflict)
            .RequireAuthorization(StreamMLPolicies.Operator);
    }

    private static async Task<IResult> GetModelAsync(string name, IGrainFactory grains, PlatformContext context)
    {
        if (Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var registry = grains.GetGrain<IModelRegistryGrain>(name);
        var routing = await registry.GetRoutingAsync();
        var versions = await registry.GetVersionsAsync();
        var rollout = await grains.GetGrain<IRolloutGrain>(name).GetStatusAsync();
        var retraining = await grains.GetGrain<IRetrainingGrain>(name).GetStatusAsync();
        return Results.Ok(new ModelDto
        {
            Name = name,
            SchemaHash = context.Plan.SchemaHash,
            Routing = routing.ToDto(),
            Versions = [.. versions.Select(v => ToDto(v, rollout))],
            Rollout = ToDto(rollout),
            Labels = rollout.Labels,
            Retraining = retraining.ToDto(),
        });
    }

    private static async Task<IResult> GetRolloutAsync(string name, IGrainFactory grains, PlatformContext context) =>
        Unknown(name, context) ?? Results.Ok(ToDto(await grains.GetGrain<IRolloutGrain>(name).GetStatusAsync()));

    private static async Task<IResult> PutRolloutAsync(string name, HttpRequest request, ClaimsPrincipal user, AuditLog audit, IGrainFactory grains, PlatformContext context, CancellationToken cancellationToken)
    {
        if (Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var (body, error) = await ReadAsync<RolloutRequestDto>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body is null || body.Version <= 0)
        {
            return Results.BadRequest(new ErrorResponse { Error = "the body must name the version to roll out, e.g. {\"version\":2}" });
        }

        RolloutMode? mode = null;
        if (body.Mode is not null)
        {
            if (!Enum.TryParse<RolloutMode>(body.Mode, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Results.BadRequest(new ErrorResponse { Error = $"mode '{body.Mode}' is not one of canary, shadow" });
            }

            mode = parsed;
        }

        if (body.MaxP99Ms is { } maxP99 && !(maxP99 is >= 0 and <= 60_000))
        {
            return Results.BadRequest(new ErrorResponse { Error = "maxP99Ms must be between 0 (off) and 60000" });
        }

        var rolloutRequest = new RolloutRequest
        {
            Version = body.Version,
            Mode = mode,
            Steps = body.Steps?.ToArray(),
            MinLabelled = body.MinLabelled,
            Margin = body.Margin,
            Metric = body.Metric,
            MaxErrorRate = body.MaxErrorRate,
            MaxMissRate = body.MaxMissRate,
            MaxLatencyRatio = body.MaxLatencyRatio,
            MaxP99 = body.MaxP99Ms is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        var caller = Caller.NameOf(user);
        return await RefusalsAsync(async () =>
        {
            var started = ToDto(await grains.GetGrain<IRolloutGrain>(name).StartAsync(rolloutRequest, caller));
            audit.Record(caller, "rollout.start", name, $"version {started.Version} as {started.Mode}");
            return started;
        });
    }

    private static async Task<IResult> PostPromoteAsync(string name, HttpRequest request, ClaimsPrincipal user, AuditLog audit, IGrainFactory grains, PlatformContext context, CancellationToken cancellationToken)
    {
        if (Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var (body, error) = await ReadAsync<ModelActionDto>(request, cancellationToken);
        var caller = Caller.NameOf(user);
        return error ?? await RefusalsAsync(async () =>
        {
            var promoted = ToDto(await grains.GetGrain<IRolloutGrain>(name).PromoteAsync(body?.Version, caller, body?.Reason ?? "promoted by an operator"));
            audit.Record(caller, "rollout.promote", name, $"champion {promoted.Champion}: {body?.Reason}");
            return promoted;
        });
    }

    private static async Task<IResult> PostRollbackAsync(string name, HttpRequest request, ClaimsPrincipal user, AuditLog audit, IGrainFactory grains, PlatformContext context, CancellationToken cancellationToken)
    {
        if (Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var (body, error) = await ReadAsync<ModelActionDto>(request, cancellationToken);
        var caller = Caller.NameOf(user);
        return error ?? await RefusalsAsync(async () =>
        {
            var rolledBack = ToDto(await grains.GetGrain<IRolloutGrain>(name).RollbackAsync(caller, body?.Reason ?? "rolled back by an operator"));
            audit.Record(caller, "rollout.rollback", name, body?.Reason);
            return rolledBack;
        });
    }

    private static async Task<IResult> PostRetrainAsync(string name, HttpRequest request, ClaimsPrincipal user, AuditLog audit, IGrainFactory grains, PlatformContext context, CancellationToken cancellationToken)
    {
        if (Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var (body, error) = await ReadAsync<ModelActionDto>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var retraining = grains.GetGrain<IRetrainingGrain>(name);
        var caller = Caller.NameOf(user);
        var reason = body?.Reason ?? $"api: requested by {caller}";
        var started = await retraining.RequestAsync(reason);
        if (started)
        {
            audit.Record(caller, "retrain.request", name, reason);
        }

        var status = await retraining.GetStatusAsync();
        return started
            ? Results.Json(new RetrainResponse { Started = started, Status = status.ToDto() }, statusCode: StatusCodes.Status202Accepted)
            : Results.Json(new RetrainResponse { Started = started, Status = status.ToDto(), Error = "a training run is already under way" }, statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> DeleteRetrainAsync(string name, ClaimsPrincipal user, AuditLog audit, IGrainFactory grains, PlatformContext context, CancellationToken cancellationToken)
    {
        if (Unknown(name, context) is { } notFound)
        {
            return notFound;
        }

        var retraining = grains.GetGrain<IRetrainingGrain>(name);
        var caller = Caller.NameOf(user);
        var cancelled = await retraining.CancelAsync($"cancelled by {caller}");
        if (cancelled)
        {
            audit.Record(caller, "retrain.cancel", name);
        }

        var status = cancelled ? await retraining.WaitAsync(cancellationToken) : await retraining.GetStatusAsync();
        return cancelled
            ? Results.Ok(new CancelRetrainResponse { Cancelled = cancelled, Status = status.ToDto() })
            : Results.Json(new CancelRetrainResponse { Cancelled = cancelled, Status = status.ToDto(), Error = "no training run is under way" }, statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>A 404 answer when <paramref name="name"/> is not the model this platform serves, before any grain is touched.</summary>
    internal static IResult? Unknown(string name, PlatformContext context) =>
        string.Equals(name, context.ModelName, StringComparison.Ordinal) ? null : Results.NotFound(new ErrorResponse { Error = $"no model named '{name}' (this platform serves '{context.ModelName}')" });

    private static async Task<IResult> RefusalsAsync(Func<Task<RolloutDto>> action)
    {
        try
        {
            return Results.Ok(await action());
        }
        catch (ArgumentException ex)
        {
            return Results.BadRequest(new ErrorResponse { Error = ex.Message });
        }
        catch (InvalidOperationException ex)
        {
            return Results.Conflict(new ErrorResponse { Error = ex.Message });
        }
    }

    private static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0)
        {
            return (null, null);
        }

        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(cancellationToken);
            var body = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<T>(text, ApiJson.Options);
            return body is ModelActionDto { Reason: { Length: > MaxReasonLength } reason }
                ? (null, Results.BadRequest(new ErrorResponse { Error = $"the reason has {reason.Length} characters, more than the limit of {MaxReasonLength}" }))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.BadRequest(new ErrorResponse { Error = $"the body is not valid JSON for this request: {ex.Message}" }));
        }
    }

    /// <summary>Longest reason an operator may give for a promotion, rollback or training run (it is kept in audit records).</summary>
    internal const int MaxReasonLength = 500;

    private static VersionDto ToDto(ModelVersionInfo v, RolloutStatus rollout) => new()
    {
        Version = v.Version,
        Status = v.Status.ToString().ToLowerInvariant(),
        Trainer = v.Trainer,
        Reason = v.Reason,
        CreatedAt = v.CreatedAt,
        TrainingExamples = v.TrainingExamples,
        ParentVersion = v.ParentVersion,
        TrainingMetrics = v.Metrics,
        Live = rollout.Versions.GetValueOrDefault(v.Version) ?? [],
        LiveShadow = rollout.ShadowVersions.GetValueOrDefault(v.Version) ?? [],
    };

    private static RolloutDto ToDto(RolloutStatus s) => new()
    {
        State = s.State,
        Mode = s.Plan?.Mode.ToString().ToLowerInvariant(),
        Version = s.Plan?.Version,
        Champion = s.Plan?.Champion,
        Steps = s.Plan?.Steps,
        Step = s.Step,
        Percent = s.Percent,
        MinLabelled = s.Plan?.MinLabelled,
        Margin = s.Plan?.Margin,
        Metric = s.Plan?.Metric,
        MaxErrorRate = s.Plan?.MaxErrorRate,
        MaxMissRate = s.Plan?.MaxMissRate,
        MaxLatencyRatio = s.Plan?.MaxLatencyRatio,
        MaxP99Ms = s.Plan?.MaxP99?.TotalMilliseconds,
        StepStartedAt = s.StepStartedAt,
        StepChampion = s.StepChampion,
        StepChallenger = s.StepChallenger,
        LastVerdict = s.LastVerdict,
        Audit = [.. s.Audit.Select(a => a.ToDto())],
    };
}
