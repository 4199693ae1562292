namespace SaasUsers.Data.Generator.Model;

/// <summary>What an entity has beyond a document: its type name, keys, indexes, version and time to live.</summary>
/// <param name="EntityType">The stored entity type name.</param>
/// <param name="PartitionKey">The partition key template.</param>
/// <param name="SortKey">The sort key template.</param>
/// <param name="Indexes">The indexes, by number.</param>
/// <param name="VersionProperty">The <c>[DynamoVersion]</c> property, or null.</param>
/// <param name="VersionIsInt32">Whether that property is an <see cref="int"/> (else <see cref="long"/>).</param>
/// <param name="VersionUsesWith">Whether <c>WithVersion</c> uses a <c>with</c> expression (records).</param>
/// <param name="TimeToLiveProperty">The <c>[DynamoTimeToLive]</c> property, or null.</param>
/// <param name="Owners">The <c>[DynamoOwnedBy]</c> owners, each with the owner property passed for each key parameter.</param>
internal sealed record EntityModel(
    string EntityType,
    KeyTemplateModel PartitionKey,
    KeyTemplateModel SortKey,
    EquatableArray<IndexModel> Indexes,
    string? VersionProperty,
    bool VersionIsInt32,
    bool VersionUsesWith,
    string? TimeToLiveProperty,
    EquatableArray<OwnerModel> Owners);

/// <summary>An owner entity of <c>[DynamoOwnedBy]</c>, and the owner properties that fill the owned key's parameters, in <c>CreateKey</c> order.</summary>
/// <param name="OwnerTypeName">The owner's fully qualified type name.</param>
/// <param name="Properties">The owner property (C# identifier) for each key parameter.</param>
internal sealed record OwnerModel(string OwnerTypeName, EquatableArray<string> Properties);
