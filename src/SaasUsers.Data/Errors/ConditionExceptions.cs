namespace SaasUsers.Data;

/// <summary>The one place that turns the reason a condition failed into its typed exception.</summary>
internal static class ConditionExceptions
{
    /// <summary>The exception for <paramref name="reason"/>, or <see langword="null"/> when the reason is not a failed condition.</summary>
    public static ConditionFailedException? Create(
        TransactionFailureReason reason,
        string entityType,
        PrimaryKey key,
        long? expectedVersion,
        long? storedVersion,
        string operation,
        Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? stored,
        Exception? inner)
    {
        ConditionFailedException? exception = reason switch
        {
            TransactionFailureReason.ItemAlreadyExists => new ItemAlreadyExistsException(entityType, key, inner),
            TransactionFailureReason.ItemNotFound => new ItemNotFoundException(entityType, key, inner),
            TransactionFailureReason.VersionConflict when expectedVersion is { } expected => new VersionConflictException(entityType, key, expected, storedVersion, inner),
            TransactionFailureReason.ConditionFailed or TransactionFailureReason.VersionConflict => new ConditionFailedException(
                entityType, key, $"The condition of the {operation} of {entityType} {key} did not hold; nothing was written.", inner),
            _ => null,
        };
        if (exception is not null)
        {
            exception.StoredItem = stored is { Count: > 0 } ? stored : null;
        }

        return exception;
    }
}
