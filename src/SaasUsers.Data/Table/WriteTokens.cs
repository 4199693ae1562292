using System.Security.Cryptography;

namespace SaasUsers.Data.Repositories;

/// <summary>
/// The random tokens single puts and updates write to <see cref="ItemAttributeNames.WriteToken"/> (see there why).
/// 96 random bits: no two writes share one.
/// </summary>
internal static class WriteTokens
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Adds <c>_wt = :token</c> to the SET clause of an update expression (or a SET clause when it has none).</summary>
    public static string AddTo(string updateExpression, string token, ExpressionAttributes attributes)
    {
        var assignment = attributes.Name(ItemAttributeNames.WriteToken) + " = " + attributes.Value(new Amazon.DynamoDBv2.Model.AttributeValue { S = token });
        return updateExpression.StartsWith("SET ", StringComparison.Ordinal)
            ? "SET " + assignment + ", " + updateExpression[4..]
            : "SET " + assignment + " " + updateExpression;
    }
}
