using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data.Mapping;

/// <summary>
/// A type stored as a nested map inside an entity. The source generator implements it for every
/// <see cref="DynamoDocumentAttribute"/> type; it can also be implemented by hand.
/// </summary>
/// <typeparam name="TSelf">The document type itself.</typeparam>
public interface IDynamoDocument<TSelf>
    where TSelf : class, IDynamoDocument<TSelf>
{
    /// <summary>Converts the document to a map.</summary>
    static abstract Dictionary<string, AttributeValue> ToMap(TSelf value);

    /// <summary>Converts a map back to the document.</summary>
    static abstract TSelf FromMap(Dictionary<string, AttributeValue> map);

    /// <summary>
    /// Reads the document straight from DynamoDB's JSON of its map, to what <see cref="FromMap"/> reads from the same
    /// map. Generated documents read each attribute with <see cref="ItemJsonReader"/>; this default builds the SDK's
    /// attribute values and calls <see cref="FromMap"/>.
    /// </summary>
    /// <param name="reader">The reader, on the map's <see cref="System.Text.Json.JsonTokenType.StartObject"/>; left on its end.</param>
    static virtual TSelf FromJson(ref System.Text.Json.Utf8JsonReader reader) => TSelf.FromMap(ItemJsonReader.ReadAttributeMap(ref reader));
}
