namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>Keys made of several string components, for the key-safety tests.</summary>
[DynamoEntity("TENANT#{TenantName}#{Region}", "MEMBER#{UserName}", EntityType = "MappingTests.Membership")]
[DynamoIndex(4, "USER#{UserName}", "TENANT#{TenantName}#{Region}")]
public sealed partial class Membership
{
    public required string TenantName { get; init; }

    public required string Region { get; init; }

    public required string UserName { get; init; }
}
