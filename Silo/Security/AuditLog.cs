using System.Security.Cryptography;
using System.Text;
using StreamML.Contracts;

namespace StreamML.Silo.Security;

/// <summary>
/// The audit log: who changed a rollout, started or cancelled retraining, erased an entity or used the admin role, and
/// when. Each record is a structured log event of category <see cref="Category"/> (its durable home is wherever the logs
/// go), and the silo keeps its newest records for <c>GET /v1/audit</c>.
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>The log category of audit events, so they can be routed and kept apart from the rest.</summary>
    public const string Category = "StreamML.Audit";

    /// <summary>The newest records a silo keeps in memory.</summary>
    public const int Capacity = 1000;

    private readonly ILogger _logger = loggers.CreateLogger(Category);
    private readonly Queue<AuditRecordDto> _recent = new();
    private readonly Lock _lock = new();

    /// <summary>Records that <paramref name="caller"/> did <paramref name="action"/> to <paramref name="target"/>.</summary>
    public void Record(string caller, string action, string target, string? detail = null)
    {
        var record = new AuditRecordDto { Time = time.GetUtcNow(), Caller = caller, Action = action, Target = target, Detail = detail };
        lock (_lock)
        {
            if (_recent.Count == Capacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(record);
        }

        LogRecord(_logger, caller, action, target, detail ?? "");
    }

    /// <summary>At most <paramref name="limit"/> of the newest records, newest first.</summary>
    public IReadOnlyList<AuditRecordDto> Newest(int limit)
    {
        lock (_lock)
        {
            return [.. _recent.Reverse().Take(limit)];
        }
    }

    /// <summary>
    /// How an entity appears in the log: the start of its id's SHA-256, which tells one erasure from another and matches
    /// an id someone holds, without the log keeping the id the erasure removed everywhere else.
    /// </summary>
    public static string EntityTarget(string id) => "entity sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Audit: {Caller} {Action} {Target} {Detail}")]
    private static partial void LogRecord(ILogger logger, string caller, string action, string target, string detail);
}
