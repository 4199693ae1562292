namespace SaasUsers.Data.Tests.Table.Entities;

/// <summary>An application's own entity next to the package's: versioned, indexed by owner (sparse), expiring.</summary>
[DynamoEntity("ORG#{OrgId}", "PROJECT#{ProjectId}", EntityType = "TableTests.Project")]
[DynamoIndex(1, "OWNER#{OwnerEmail}", "PROJECT#{ProjectId}")]
public sealed partial record Project
{
    public required string OrgId { get; init; }

    public required string ProjectId { get; init; }

    public required string Name { get; init; }

    public string? OwnerEmail { get; init; }

    public int Stars { get; init; }

    public List<string> Tags { get; init; } = [];

    [DynamoVersion]
    public long Version { get; init; }

    [DynamoTimeToLive]
    public DateTimeOffset? ExpiresAt { get; init; }
}
