namespace SaasUsers.Data;

/// <summary>Leaves a property out of the stored item.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class DynamoIgnoreAttribute : Attribute
{
}
