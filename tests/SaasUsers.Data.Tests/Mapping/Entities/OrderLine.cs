namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>A positional record entity with an <see cref="int"/> version (copied by a <c>with</c> expression).</summary>
[DynamoEntity("ORDER#{OrderId}", "LINE#{LineNumber}", EntityType = "MappingTests.OrderLine")]
public sealed partial record OrderLine(string OrderId, int LineNumber, string Product, [property: DynamoVersion] int Version)
{
    [DynamoIgnore]
    public string? Note { get; init; }
}
