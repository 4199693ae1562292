using Amazon.DynamoDBv2.Model;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>Compares stored items attribute by attribute.</summary>
internal static class ItemAssert
{
    public static void Equal(Dictionary<string, AttributeValue> expected, Dictionary<string, AttributeValue> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected)
        {
            Assert.True(Same(value, actual[name]), $"Attribute '{name}' differs: {Describe(value)} vs {Describe(actual[name])}");
        }
    }

    public static bool Same(AttributeValue left, AttributeValue right) =>
        left.S == right.S
        && left.N == right.N
        && left.BOOL == right.BOOL
        && left.NULL == right.NULL
        && SameList(left.SS, right.SS)
        && SameSequence(left.L, right.L)
        && SameMap(left.M, right.M);

    public static string Describe(AttributeValue value) => value switch
    {
        { S: { } s } => "S:" + s,
        { N: { } n } => "N:" + n,
        { BOOL: { } b } => "BOOL:" + b,
        { SS: { } ss } => "SS:[" + string.Join(",", ss) + "]",
        { L: { } l } => "L:[" + string.Join(",", l.Select(Describe)) + "]",
        { M: { } m } => "M:{" + string.Join(",", m.Select(p => p.Key + "=" + Describe(p.Value))) + "}",
        _ => "?",
    };

    private static bool SameList(List<string>? left, List<string>? right) =>
        (left is null && right is null) || (left is not null && right is not null && left.Order(StringComparer.Ordinal).SequenceEqual(right.Order(StringComparer.Ordinal)));

    private static bool SameSequence(List<AttributeValue>? left, List<AttributeValue>? right) =>
        (left is null && right is null) || (left is not null && right is not null && left.Count == right.Count && left.Zip(right).All(p => Same(p.First, p.Second)));

    private static bool SameMap(Dictionary<string, AttributeValue>? left, Dictionary<string, AttributeValue>? right) =>
        (left is null && right is null)
        || (left is not null && right is not null && left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var other) && Same(p.Value, other)));
}
