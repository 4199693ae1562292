namespace SaasUsers.Data;

/// <summary>Stores a property under another attribute name than the property's own name.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class DynamoAttributeNameAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The attribute name used in the stored item.</param>
    public DynamoAttributeNameAttribute(string name) => Name = name;

    /// <summary>The attribute name used in the stored item.</summary>
    public string Name { get; }
}
