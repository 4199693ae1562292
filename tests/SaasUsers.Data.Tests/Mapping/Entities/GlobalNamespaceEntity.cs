// Deliberately in the global namespace: the generator must handle it.
#pragma warning disable CA1050 // Declare types in namespaces

/// <summary>An entity in the global namespace, with a constant sort key and a stored nested entity.</summary>
[SaasUsers.Data.DynamoEntity("GLOBAL#{Name}", "META", EntityType = "MappingTests.Global")]
public sealed partial class GlobalNamespaceEntity
{
    public required string Name { get; init; }

    public SaasUsers.Data.Tests.Mapping.Entities.OrderLine? Line { get; init; }
}
