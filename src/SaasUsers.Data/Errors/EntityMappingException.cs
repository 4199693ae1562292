namespace SaasUsers.Data;

/// <summary>A stored item cannot be decoded into its entity: an attribute is missing or holds the wrong type.</summary>
public sealed class EntityMappingException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    public EntityMappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public EntityMappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
