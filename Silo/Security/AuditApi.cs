using StreamML.Contracts;
using StreamML.Silo.Api;

namespace StreamML.Silo.Security;

/// <summary><c>GET /v1/audit</c>: the newest records of this silo's audit log, for admins.</summary>
internal static class AuditApi
{
    /// <summary>Maps the route.</summary>
    public static RouteHandlerBuilder MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/audit", (AuditLog audit, int? limit) =>
                limit is < 1 or > AuditLog.Capacity
                    ? Results.BadRequest(new ErrorResponse { Error = $"limit must be between 1 and {AuditLog.Capacity}" })
                    : Results.Ok(audit.Newest(limit ?? 100)))
            .Describe("GetAudit", "operations", "Reads the newest records of this silo's audit log: rollout changes, retraining, erasures and admin requests.")
            .Produces<AuditRecordDto[]>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .RequireAuthorization(StreamMLPolicies.Admin);
}
