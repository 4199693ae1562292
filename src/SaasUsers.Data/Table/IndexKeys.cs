using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data.Repositories;

/// <summary>
/// Builds index partition keys from an entity's declared index templates, so the repositories query an index
/// with exactly the key the generated mapper writes (one template, no second spelling of it).
/// </summary>
internal static class IndexKeys
{
    /// <summary>The partition key of index <paramref name="index"/> of entity <typeparamref name="T"/> for the given attribute values.</summary>
    public static string PartitionKey<T>(int index, params (string AttributeName, string Value)[] values)
        where T : class, IDynamoEntity<T>
    {
        var template = T.Mapper.Indexes.FirstOrDefault(i => i.Index == index)
            ?? throw new InvalidOperationException($"{T.Mapper.EntityType} declares no index {index}.");
        var item = values.ToDictionary(v => v.AttributeName, v => new AttributeValue { S = v.Value }, StringComparer.Ordinal);
        return template.PartitionKey.TryFormat(item, out var key)
            ? key
            : throw new InvalidOperationException($"Index {index} of {T.Mapper.EntityType} needs {string.Join(", ", template.PartitionKey.AttributeNames)}.");
    }
}
