using System;
using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// The C# expressions that convert one value to and from an <c>AttributeValue</c>. Simple values become a direct
/// <c>new AttributeValue { S = ... }</c>; the rest call <c>AttributeValueConverter</c>, so that generated and
/// hand-written mappers store values the same way.
/// </summary>
internal static class ValueCodec
{
    /// <summary>The name of the generated nested class holding the enum switches of a type.</summary>
    public const string EnumConverters = "__EnumConverters";

    /// <summary>An expression of type <c>AttributeValue</c> for a value known not to be null.</summary>
    /// <param name="value">The value expression (of the non-nullable type).</param>
    /// <param name="attributeName">A string literal naming the attribute, for exceptions.</param>
    public static string Write(ValueModel value, string valueExpression, string attributeName) => value.Kind switch
    {
        ValueKind.String => $"new {AttributeValue} {{ S = {valueExpression} }}",
        ValueKind.Boolean => $"new {AttributeValue} {{ BOOL = {valueExpression} }}",
        ValueKind.Int32 or ValueKind.Int64 or ValueKind.Decimal => $"new {AttributeValue} {{ N = {valueExpression}.ToString({InvariantCulture}) }}",
        ValueKind.Double => $"{Converter}.FromDouble({valueExpression}, {attributeName})",
        ValueKind.Guid => $"{Converter}.FromGuid({valueExpression})",
        ValueKind.DateTimeOffset => $"{Converter}.FromDateTimeOffset({valueExpression})",
        ValueKind.EpochSeconds => $"{Converter}.FromEpochSeconds({valueExpression})",
        ValueKind.Enum => $"new {AttributeValue} {{ S = {EnumName(value, valueExpression, attributeName)} }}",
        ValueKind.Document => $"{Converter}.FromDocument<{NonNullable(value)}>({valueExpression})!",
        ValueKind.Entity => $"{Converter}.FromEntity<{NonNullable(value)}>({valueExpression})!",
        ValueKind.List => $"{Converter}.FromList<{value.Element!.TypeName}>({valueExpression}, static element => {WriteElement(value.Element, "element", attributeName)}, {attributeName})!",
        ValueKind.StringSet => $"{Converter}.FromStringSet({valueExpression}, {attributeName})!",
        ValueKind.Map => $"{Converter}.FromMap<{value.Element!.TypeName}>({valueExpression}, static element => {WriteElement(value.Element, "element", attributeName)}, {attributeName})!",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown value kind."),
    };

    /// <summary>An expression of type <c>AttributeValue?</c> for a value that may be null (null stays null).</summary>
    public static string WriteNullable(ValueModel value, string valueExpression, string attributeName, string local) =>
        value.MayBeNull
            ? $"{valueExpression} is {{ }} {local} ? {Write(value, local, attributeName)} : null"
            : Write(value, valueExpression, attributeName);

    /// <summary>
    /// An expression of the value's non-nullable type read from an <c>AttributeValue</c> known to hold a value.
    /// </summary>
    /// <param name="attributeValue">The <c>AttributeValue</c> expression.</param>
    /// <param name="attributeName">An expression naming the attribute (a literal, or a lambda parameter).</param>
    /// <param name="collectionReader">For a list or map: the generated method that reads it (see <see cref="CollectionReaders"/>).</param>
    public static string Read(ValueModel value, string attributeValue, string attributeName, string? collectionReader = null) => value.Kind switch
    {
        ValueKind.String => $"{Converter}.ReadString({attributeValue}, {attributeName})",
        ValueKind.Boolean => $"{Converter}.ReadBoolean({attributeValue}, {attributeName})",
        ValueKind.Int32 => $"{Converter}.ReadInt32({attributeValue}, {attributeName})",
        ValueKind.Int64 => $"{Converter}.ReadInt64({attributeValue}, {attributeName})",
        ValueKind.Decimal => $"{Converter}.ReadDecimal({attributeValue}, {attributeName})",
        ValueKind.Double => $"{Converter}.ReadDouble({attributeValue}, {attributeName})",
        ValueKind.Guid => $"{Converter}.ReadGuid({attributeValue}, {attributeName})",
        ValueKind.DateTimeOffset => $"{Converter}.ReadDateTimeOffset({attributeValue}, {attributeName})",
        ValueKind.EpochSeconds => $"{Converter}.ReadEpochSeconds({attributeValue}, {attributeName})",
        ValueKind.Enum => $"{EnumConverters}.Parse{value.EnumHelper}({Converter}.ReadString({attributeValue}, {attributeName}), {attributeName})",
        ValueKind.Document => $"{Converter}.ReadDocument<{NonNullable(value)}>({attributeValue}, {attributeName})",
        ValueKind.Entity => $"{Converter}.ReadEntity<{NonNullable(value)}>({attributeValue}, {attributeName})",
        ValueKind.List or ValueKind.Map => $"{collectionReader ?? throw new ArgumentNullException(nameof(collectionReader))}({attributeValue})",
        ValueKind.StringSet => $"{Converter}.ReadStringSet({attributeValue}, {attributeName})",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown value kind."),
    };

    /// <summary>
    /// The value a property gets when its attribute is absent: null for nullable types, an empty collection,
    /// or <c>default</c> for value types. Null when absence is an error (non-nullable strings, documents, entities).
    /// </summary>
    public static string? WhenAbsent(ValueModel value)
    {
        if (value.IsNullable)
        {
            return "null";
        }

        return value.Collection switch
        {
            CollectionKind.Array => $"global::System.Array.Empty<{value.Element!.TypeName}>()",
            CollectionKind.List => $"new global::System.Collections.Generic.List<{value.Element!.TypeName}>()",
            CollectionKind.Set => "new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.Ordinal)",
            CollectionKind.Dictionary => $"new global::System.Collections.Generic.Dictionary<string, {value.Element!.TypeName}>(global::System.StringComparer.Ordinal)",
            _ => value.IsReferenceType ? null : "default",
        };
    }

    /// <summary>The stored name of an enum value, from the generated switch.</summary>
    public static string EnumName(ValueModel value, string valueExpression, string attributeName) =>
        $"{EnumConverters}.{value.EnumHelper}Name({valueExpression}, {attributeName})";

    /// <summary>A list element or map value: null elements convert to null, which the converter rejects with a clear message.</summary>
    private static string WriteElement(ValueModel element, string valueExpression, string attributeName) => element.Kind switch
    {
        ValueKind.String => $"{Converter}.FromString({valueExpression})",
        ValueKind.Document => $"{Converter}.FromDocument<{NonNullable(element)}>({valueExpression})",
        ValueKind.Entity => $"{Converter}.FromEntity<{NonNullable(element)}>({valueExpression})",
        _ => Write(element, valueExpression, attributeName),
    };

    // The type name without its trailing "?": what a generic argument or a parameter of a generated helper takes.
    internal static string NonNullable(ValueModel value) =>
        value.TypeName.EndsWith("?", StringComparison.Ordinal) ? value.TypeName.Substring(0, value.TypeName.Length - 1) : value.TypeName;
}
