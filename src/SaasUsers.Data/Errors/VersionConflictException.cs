namespace SaasUsers.Data;

/// <summary>
/// An optimistic-concurrency write was refused because the stored version is not the expected one: another
/// writer changed the item first. Nothing was written; read the item again, apply the change, and retry.
/// </summary>
public sealed class VersionConflictException : ConditionFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="entityType">The entity type of the item.</param>
    /// <param name="key">The item's primary key.</param>
    /// <param name="expectedVersion">The version the write expected.</param>
    /// <param name="actualVersion">The stored version, when the service returned it.</param>
    /// <param name="innerException">The service error.</param>
    public VersionConflictException(string entityType, PrimaryKey key, long expectedVersion, long? actualVersion, Exception? innerException = null)
        : base(entityType, key, Describe(entityType, key, expectedVersion, actualVersion), innerException)
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The version the write expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The stored version, when known.</summary>
    public long? ActualVersion { get; }

    private static string Describe(string entityType, PrimaryKey key, long expected, long? actual) =>
        actual is { } stored
            ? $"{entityType} {key} is at version {stored}, not the expected version {expected}: another writer changed it."
            : $"{entityType} {key} is not at the expected version {expected}: another writer changed it.";
}
