namespace SaasUsers.Data;

/// <summary>
/// Marks a <see langword="partial"/> class or record that is stored as a nested map inside an entity
/// (for example an address or a money amount). The source generator emits its map conversion.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class DynamoDocumentAttribute : Attribute
{
}
