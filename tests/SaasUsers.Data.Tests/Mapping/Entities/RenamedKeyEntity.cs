namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>A key property stored under another attribute name, and a nullable enum in a sparse index.</summary>
[DynamoEntity("U#{UserId}", "AT#{At}", EntityType = "MappingTests.RenamedKey")]
[DynamoIndex(5, "STATE#{State}", "U#{UserId}")]
public sealed partial class RenamedKeyEntity
{
    [DynamoAttributeName("uid")]
    public required string UserId { get; init; }

    [DynamoAttributeName("at")]
    public long At { get; init; }

    public Status? State { get; init; }
}
