namespace SaasUsers.Data.Generator.Model;

/// <summary>The shape of a mapped value: what it is stored as and the .NET type it is read back into.</summary>
/// <param name="Kind">How the value is stored.</param>
/// <param name="TypeName">The declared type, fully qualified, with its nullable annotation (<c>int?</c>, <c>string?</c>).</param>
/// <param name="IsNullable">Whether the type admits null: <c>Nullable&lt;T&gt;</c> or an annotated reference type.</param>
/// <param name="IsReferenceType">Whether the value is a reference (may be null at run time even if not annotated).</param>
/// <param name="Collection">For lists, sets and maps: the declared collection.</param>
/// <param name="Element">For lists and maps: the element (or map value) shape.</param>
/// <param name="EnumHelper">For enums: the name part of the generated conversion methods.</param>
internal sealed record ValueModel(
    ValueKind Kind,
    string TypeName,
    bool IsNullable,
    bool IsReferenceType,
    CollectionKind Collection,
    ValueModel? Element,
    string? EnumHelper)
{
    /// <summary>Whether a value may be null at run time and so must be checked before it is written.</summary>
    public bool MayBeNull => IsNullable || IsReferenceType;

    /// <summary>Whether the value may be a key component.</summary>
    public bool IsKeyComponentKind => Kind is ValueKind.String or ValueKind.Guid or ValueKind.DateTimeOffset
        or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Enum;
}
