namespace SaasUsers.Data;

/// <summary>A create was refused because an item with the same primary key exists. Nothing was written.</summary>
public sealed class ItemAlreadyExistsException : ConditionFailedException
{
    /// <summary>Creates the exception.</summary>
    public ItemAlreadyExistsException(string entityType, PrimaryKey key, Exception? innerException = null)
        : base(entityType, key, $"A {entityType} with key {key} already exists.", innerException)
    {
    }
}
