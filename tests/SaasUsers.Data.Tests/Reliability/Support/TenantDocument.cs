namespace SaasUsers.Data.Tests.Reliability.Support;

/// <summary>
/// An application entity whose partition key joins two caller-supplied values (tenant and project) and whose sort
/// key holds a third: the shape in which a delimiter inside a value could forge another tenant's key.
/// </summary>
[DynamoEntity("TENANT#{Tenant}#{Project}", "DOC#{DocumentId}", EntityType = "ReliabilityTests.TenantDocument")]
public sealed partial record TenantDocument
{
    public required string Tenant { get; init; }

    public required string Project { get; init; }

    public required string DocumentId { get; init; }

    public string Body { get; init; } = string.Empty;

    [DynamoVersion]
    public long Version { get; init; }
}
