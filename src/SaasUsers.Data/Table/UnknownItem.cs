using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// An item whose entity type the table model does not know (for example one written by a newer version of the
/// application). Queries return it undecoded instead of failing.
/// </summary>
/// <param name="EntityType">The stored entity type name, or <see langword="null"/> when the item has none.</param>
/// <param name="Item">The raw attributes.</param>
public sealed record UnknownItem(string? EntityType, Dictionary<string, AttributeValue> Item);
