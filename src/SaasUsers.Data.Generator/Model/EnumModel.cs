namespace SaasUsers.Data.Generator.Model;

/// <summary>An enum used by a mapped type, for which name/value switches are generated.</summary>
/// <param name="HelperName">The name part of the generated methods (<c>{HelperName}Name</c>, <c>Parse{HelperName}</c>).</param>
/// <param name="TypeName">The enum type, fully qualified.</param>
/// <param name="DisplayName">The enum name used in exception messages.</param>
/// <param name="UnderlyingTypeName">The underlying integral type keyword, to print undefined values.</param>
/// <param name="Members">The members.</param>
internal sealed record EnumModel(
    string HelperName,
    string TypeName,
    string DisplayName,
    string UnderlyingTypeName,
    EquatableArray<EnumMemberModel> Members);
