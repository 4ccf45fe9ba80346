using System.Net;
using StreamML.Contracts;

namespace StreamML.Client;

/// <summary>Models: versions, rollouts, promotion, rollback and retraining.</summary>
public sealed partial class StreamMLClient
{
    /// <summary>The models the platform serves as <c>GET /v1/models</c> lists them: versions, routing and retraining.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<IReadOnlyList<ModelSummaryDto>> ListModelSummariesAsync(CancellationToken cancellationToken = default) =>
        await RequireAsync<ModelSummaryDto[]>(HttpMethod.Get, "v1/models", null, cancellationToken).ConfigureAwait(false);

    /// <summary>Every model the platform serves, each in full as <see cref="GetModelAsync"/> reads it (one request per model).</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<IReadOnlyList<ModelDto>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var summaries = await ListModelSummariesAsync(cancellationToken).ConfigureAwait(false);
        var models = new List<ModelDto>(summaries.Count);
        foreach (var summary in summaries)
        {
            if (await GetModelAsync(summary.Name, cancellationToken).ConfigureAwait(false) is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    /// <summary>One model with its versions, live figures, routing, rollout and audit trail (<c>GET /v1/models/{name}</c>); null when the platform has no such model.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform could not be reached or failed.</exception>
    public async Task<ModelDto?> GetModelAsync(string model, CancellationToken cancellationToken = default) =>
        (await CallAsync<ModelDto>(HttpMethod.Get, ModelPath(model), null, cancellationToken, notFoundIsNull: true).ConfigureAwait(false)).Body;

    /// <summary>A model's current or last rollout (<c>GET /v1/models/{name}/rollout</c>).</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">No such model, or the platform could not be reached or failed.</exception>
    public Task<RolloutDto> GetRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        RequireAsync<RolloutDto>(HttpMethod.Get, ModelPath(model) + "/rollout", null, cancellationToken);

    /// <summary>Starts rolling a version out as a canary ramp or a shadow (<c>PUT /v1/models/{name}/rollout</c>), superseding a rollout under way.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="request">The version and, optionally, the mode, steps and gates.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the request (with its reason) or could not be reached.</exception>
    public Task<RolloutDto> StartRolloutAsync(string model, RolloutRequestDto request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequireAsync<RolloutDto>(HttpMethod.Put, ModelPath(model) + "/rollout", request, cancellationToken);
    }

    /// <summary>Makes the challenger of the rollout under way champion now, or <paramref name="version"/> when given (<c>POST /v1/models/{name}/promote</c>).</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="version">The version to promote; null for the challenger.</param>
    /// <param name="reason">Why, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the request (with its reason) or could not be reached.</exception>
    public Task<RolloutDto> PromoteAsync(string model, int? version = null, string? reason = null, CancellationToken cancellationToken = default) =>
        RequireAsync<RolloutDto>(HttpMethod.Post, ModelPath(model) + "/promote", new ModelActionDto { Version = version, Reason = reason }, cancellationToken);

    /// <summary>Drops the challenger of the rollout under way; with none, restores the previous champion (<c>POST /v1/models/{name}/rollback</c>).</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="reason">Why, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">The platform refused the request (with its reason) or could not be reached.</exception>
    public Task<RolloutDto> RollbackAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        RequireAsync<RolloutDto>(HttpMethod.Post, ModelPath(model) + "/rollback", new ModelActionDto { Reason = reason }, cancellationToken);

    /// <summary>Asks for a training run now (<c>POST /v1/models/{name}/retrain</c>); <see cref="RetrainResponse.Started"/> is false when one was already under way.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="reason">Why, recorded with the run.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StreamMLClientException">No such model, or the platform could not be reached or failed.</exception>
    public Task<RetrainResponse> RetrainAsync(string model, string? reason = null, CancellationToken cancellationToken = default) =>
        RequireAsync<RetrainResponse>(HttpMethod.Post, ModelPath(model) + "/retrain", new ModelActionDto { Reason = reason }, cancellationToken, new(HttpStatusCode.Conflict, "started"));

    /// <summary>
    /// Cancels the training run under way and answers once it has stopped (<c>DELETE /v1/models/{name}/retrain</c>);
    /// <see cref="CancelRetrainResponse.Cancelled"/> is false when none was under way.
    /// </summary>
    /// <param name="model">The model's name.</param>
    /// <param name="cancellationToken">Cancels the request (the run's cancellation, once asked for, goes on).</param>
    /// <exception cref="StreamMLClientException">No such model, or the platform could not be reached or failed.</exception>
    public Task<CancelRetrainResponse> CancelRetrainAsync(string model, CancellationToken cancellationToken = default) =>
        RequireAsync<CancelRetrainResponse>(HttpMethod.Delete, ModelPath(model) + "/retrain", null, cancellationToken, new(HttpStatusCode.Conflict, "cancelled"));
}
