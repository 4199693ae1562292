namespace SaasUsers.Data;

/// <summary>
/// Marks a <see cref="DateTimeOffset"/> (usually nullable) property as the item's expiry. It is stored as epoch
/// seconds (a number), which is what DynamoDB's time-to-live feature reads; the provisioner enables time to live
/// on that attribute. All entities of one table must use the same attribute name for it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class DynamoTimeToLiveAttribute : Attribute
{
}
