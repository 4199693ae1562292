namespace SaasUsers.Data;

/// <summary>An update or delete of an existing item was refused because the item does not exist. Nothing was written.</summary>
public sealed class ItemNotFoundException : ConditionFailedException
{
    /// <summary>Creates the exception.</summary>
    public ItemNotFoundException(string entityType, PrimaryKey key, Exception? innerException = null)
        : base(entityType, key, $"No {entityType} with key {key} exists.", innerException)
    {
    }
}
