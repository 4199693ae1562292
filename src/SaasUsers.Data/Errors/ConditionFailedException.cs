using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// A conditional write was refused because the item was not in the state the write required. Nothing was
/// written. The more specific <see cref="ItemAlreadyExistsException"/>, <see cref="ItemNotFoundException"/> and
/// <see cref="VersionConflictException"/> derive from it.
/// </summary>
public class ConditionFailedException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="entityType">The entity type of the item.</param>
    /// <param name="key">The item's primary key.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The service error.</param>
    public ConditionFailedException(string entityType, PrimaryKey key, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        EntityType = entityType;
        Key = key;
    }

    /// <summary>The entity type of the item.</summary>
    public string EntityType { get; }

    /// <summary>The item's primary key.</summary>
    public PrimaryKey Key { get; }

    /// <summary>
    /// The item as it was stored when the condition failed (DynamoDB returns it with the failure), or
    /// <see langword="null"/> when there was none. Decode it with the entity's mapper, for example
    /// <c>Subscription.Mapper.FromItem(exception.StoredItem)</c>, to explain the failure without another read.
    /// </summary>
    public Dictionary<string, AttributeValue>? StoredItem { get; internal set; }
}
