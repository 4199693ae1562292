namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>Entities nested in other types (which must be partial too).</summary>
public static partial class Outer
{
    public partial class Middle
    {
        [DynamoEntity("NESTED#{Key}", "NESTED", EntityType = "MappingTests.Nested")]
        internal sealed partial class NestedEntity
        {
            public required string Key { get; init; }

            public int Value { get; init; }
        }
    }
}
