using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// The random tokens single puts and updates write to <see cref="ItemAttributeNames.WriteToken"/> (see there why).
/// 96 random bits: no two writes share one.
/// </summary>
internal static class WriteTokens
{
    private const string NamePlaceholder = "#wt";
    private const string ValuePlaceholder = ":wt";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Refuses an item that would be over DynamoDB's item size limit once it carries the token.</summary>
    /// <remarks>
    /// Measured as the item plus the token's attribute, without copying the item: the entity's item never holds
    /// <c>_wt</c> (a reserved name), so the token only adds its name and value.
    /// </remarks>
    public static void EnsureWithinLimit(Dictionary<string, AttributeValue> item, string token, string entityType, string paramName) =>
        ItemSize.EnsureWithinLimit(item, ItemAttributeNames.WriteToken.Length + token.Length, entityType, paramName);

    /// <summary>A copy of <paramref name="item"/> carrying the token.</summary>
    public static Dictionary<string, AttributeValue> WithToken(Dictionary<string, AttributeValue> item, string token) =>
        new(item, StringComparer.Ordinal) { [ItemAttributeNames.WriteToken] = new AttributeValue { S = token } };

    /// <summary>
    /// Adds <c>REMOVE _wt</c> to a transaction's update expression, returning it with the name placeholder added. A
    /// transaction writes no token (it has its <c>ClientRequestToken</c>, and must render the same each time), but it
    /// must clear the token an earlier single write left: else that write's retry, meeting this item, would take it
    /// for its own. A put replaces the whole item, so it clears the token anyway.
    /// </summary>
    public static (string Expression, Dictionary<string, string> Names) RemovedBy(string expression, Dictionary<string, string>? names)
    {
        const string Remove = "REMOVE ";
        var at = expression.IndexOf(Remove, StringComparison.Ordinal);
        var updated = at >= 0
            ? expression.Insert(at + Remove.Length, NamePlaceholder + ", ")
            : (expression + " " + Remove + NamePlaceholder).TrimStart();
        return (updated, new Dictionary<string, string>(names ?? [], StringComparer.Ordinal) { [NamePlaceholder] = ItemAttributeNames.WriteToken });
    }

    /// <summary>
    /// <paramref name="updateExpression"/> with <c>_wt = :token</c> added to its SET clause, and copies of its
    /// placeholder maps holding the token's (the action's own maps stay as they are, for its transaction shape).
    /// </summary>
    public static (string UpdateExpression, Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) WithToken(
        string updateExpression, Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values, string token)
    {
        var assignment = NamePlaceholder + " = " + ValuePlaceholder;
        var expression = updateExpression.StartsWith("SET ", StringComparison.Ordinal)
            ? "SET " + assignment + ", " + updateExpression[4..]
            : "SET " + assignment + " " + updateExpression;
        var tokenNames = new Dictionary<string, string>(names ?? [], StringComparer.Ordinal) { [NamePlaceholder] = ItemAttributeNames.WriteToken };
        var tokenValues = new Dictionary<string, AttributeValue>(values ?? [], StringComparer.Ordinal) { [ValuePlaceholder] = new AttributeValue { S = token } };
        return (expression, tokenNames, tokenValues);
    }
}
