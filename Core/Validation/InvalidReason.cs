namespace StreamML.Core.Validation;

/// <summary>Why an input was refused. Validation reports the first reason found, in the order of this enum.</summary>
public enum InvalidReason
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>The payload is larger than the schema's limit (checked before parsing).</summary>
    PayloadTooLarge = 1,

    /// <summary>The payload is not a JSON object of the expected shape, or a field has the wrong type.</summary>
    MalformedPayload = 2,

    /// <summary>No entity.</summary>
    MissingEntity = 3,

    /// <summary>The entity is empty or only white space.</summary>
    EmptyEntity = 4,

    /// <summary>The entity id is longer than the schema allows.</summary>
    EntityTooLong = 5,

    /// <summary>The event id is longer than the schema allows.</summary>
    IdTooLong = 6,

    /// <summary>A feature the schema does not declare.</summary>
    UnknownFeature = 7,

    /// <summary>A feature value is NaN or infinite.</summary>
    NonFiniteFeature = 8,

    /// <summary>A required feature is absent or null.</summary>
    MissingFeature = 9,

    /// <summary>The event time is further ahead of the receiving clock than the schema allows.</summary>
    TimestampInFuture = 10,

    /// <summary>The event time is further behind the receiving clock than the schema allows.</summary>
    TimestampTooOld = 11,

    /// <summary>The event came later than the entity's watermark less the allowed lateness.</summary>
    LateEvent = 12,

    /// <summary>A label without the id of the event it labels.</summary>
    MissingId = 13,

    /// <summary>A label without a finite label value.</summary>
    MissingLabel = 14,

    /// <summary>A label outside the model's task's range: a multiclass label that is not a class index, a binary label outside 0 to 1, a regression label beyond single precision.</summary>
    InvalidLabel = 15,

    /// <summary>The event's segment is longer than the schema allows or holds a character other than letters, digits and <c>-_.:</c>.</summary>
    InvalidSegment = 16,
}
