using System.Net.Sockets;
using System.Reflection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;
using StreamML.Grains.Pumps;

namespace StreamML.Grains.Tests.Pumps;

/// <summary>Which failures a pump retries until they pass and which it gives up on and dead-letters.</summary>
[Trait("Category", "BVT")]
public sealed class CallFailuresTests
{
    public static TheoryData<Exception> Transient() =>
    [
        new SiloUnavailableException("silo S127.0.0.1:11111:1 is dead"),
        Internal<OrleansMessageRejectionException>("target silo is shutting down"),
        new GatewayTooBusyException(),
        new TimeoutException("response did not arrive on time"),
        new InconsistentStateException("ETag mismatch", "\"1\"", "\"2\""),
        new RedisConnectionException(ConnectionFailureType.SocketFailure, "No connection is active/available"),
        new RedisTimeoutException("Timeout performing EVAL", CommandStatus.Sent),
        new RedisServerException("LOADING Redis is loading the dataset in memory"),
        new RedisServerException("MASTERDOWN Link with MASTER is down"),
        new IOException("connection reset by peer"),
        new SocketException((int)SocketError.ConnectionRefused),
        new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),

        // SQLSTATE 57P01 admin_shutdown, 53300 too_many_connections (PostgreSQL 15 manual, appendix A).
        new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
        new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"),
        new Azure.RequestFailedException(503, "Server busy"),
        new Azure.RequestFailedException(429, "Too many requests"),
        new TaskCanceledException("the storage call was cancelled"),

        // Orleans' storage bridge wraps what the provider threw.
        new OrleansException("Error from storage provider Redis during WriteState", new RedisConnectionException(ConnectionFailureType.UnableToConnect, "It was not possible to connect")),
        new Orleans.Persistence.Redis.RedisStorageException("write failed", new RedisTimeoutException("Timeout", CommandStatus.WaitingToBeSent)),
        new OrleansException("Forwarding failed: tried to forward message too many times"),
        new AggregateException(new TimeoutException(), new SiloUnavailableException()),

        // An exception type that did not resolve on the receiving silo keeps its name.
        Fallback("StackExchange.Redis.RedisConnectionException,StackExchange.Redis"),
    ];

    public static TheoryData<Exception> Permanent() =>
    [
        new InvalidOperationException("feature vector has 3 values, the plan 4"),
        new ArgumentException("entity id is empty"),
        new NullReferenceException(),
        new FormatException("not a number"),
        new CodecNotFoundException("no codec for StreamML.Foo"),
        new OrleansException("Error from storage provider File during WriteState", new InvalidDataException("state too large")),
        new OrleansConfigurationException("no storage provider named entities"),
        new RedisServerException("ERR value is not an integer or out of range"),
        new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"),

        // SQLSTATE 22001 string_data_right_truncation.
        new PostgresException("value too long for type character varying(64)", "ERROR", "ERROR", "22001"),
        new Azure.RequestFailedException(400, "The specified blob name is invalid"),
        new Azure.RequestFailedException(413, "Request body too large"),
        new AggregateException(new TimeoutException(), new InvalidOperationException("bad record")),
        Fallback("StreamML.Core.Features.PlanMismatchException,StreamML.Core"),
        new UnavailableExceptionFallbackException(),
    ];

    // The runtime builds these itself; their constructors are not public.
    private static T Internal<T>(params object[] args)
        where T : Exception =>
        (T)Activator.CreateInstance(typeof(T), BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, args, null)!;

    // What Orleans' exception codec hands over when the thrown type cannot be rebuilt on the receiving side: the type's
    // name, set by the codec (the setter is internal to Orleans).
    private static UnavailableExceptionFallbackException Fallback(string typeName)
    {
        var fallback = new UnavailableExceptionFallbackException("remote failure", null!);
        typeof(UnavailableExceptionFallbackException).GetProperty(nameof(UnavailableExceptionFallbackException.ExceptionType))!
            .SetValue(fallback, typeName);
        return fallback;
    }

    [Theory]
    [MemberData(nameof(Transient))]
    public void Classify_InfrastructureFailure_IsTransient(Exception exception)
    {
        Assert.Equal(CallFailure.Transient, CallFailures.Classify(exception));
        Assert.True(CallFailures.IsTransient(exception));
    }

    [Theory]
    [MemberData(nameof(Permanent))]
    public void Classify_FailureOfTheRecords_IsPermanent(Exception exception)
    {
        Assert.Equal(CallFailure.Permanent, CallFailures.Classify(exception));
        Assert.False(CallFailures.IsTransient(exception));
    }

    [Fact]
    public void Classify_DeeplyWrapped_IsWhatItsCauseIs()
    {
        Exception e = new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed");
        for (var i = 0; i < 10; i++)
        {
            e = new InvalidOperationException("wrapper " + i, e);
        }

        // Wrappers of unknown type are what their cause is, however deep (within the classifier's bound of 16).
        Assert.Equal(CallFailure.Transient, CallFailures.Classify(e));
        Assert.Equal(CallFailure.Permanent, CallFailures.Classify(new InvalidOperationException("wrapper", new ArgumentException("bad"))));
    }
}
