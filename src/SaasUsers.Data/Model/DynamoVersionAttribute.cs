namespace SaasUsers.Data;

/// <summary>
/// Marks the <see cref="long"/> or <see cref="int"/> property that holds the entity's version for optimistic
/// concurrency. A put or update with an expected version fails with
/// <see cref="VersionConflictException"/> when another writer got there first; each write increments it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class DynamoVersionAttribute : Attribute
{
}
