using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data.Identity;

/// <summary>Index partition keys built from an entity's declared index template (the template is written once, in the attribute).</summary>
internal static class IndexKey
{
    public static string PartitionKey<T>(int index, string attributeName, string value)
        where T : class, IDynamoEntity<T>
    {
        var template = T.Mapper.Indexes.First(i => i.Index == index);
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [attributeName] = new AttributeValue { S = value } };
        return template.PartitionKey.TryFormat(item, out var key)
            ? key
            : throw new InvalidOperationException($"Index {index} of {T.Mapper.EntityType} needs {string.Join(", ", template.PartitionKey.AttributeNames)}.");
    }
}
