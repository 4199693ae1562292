namespace SaasUsers.Data.Generator.Model;

/// <summary>Everything the emitter needs to write the code of one <c>[DynamoEntity]</c> or <c>[DynamoDocument]</c> type.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">The types it is nested in, outermost first.</param>
/// <param name="Name">The type name as written in C#.</param>
/// <param name="Keyword">The declaration keyword: <c>class</c> or <c>record</c>.</param>
/// <param name="FullyQualifiedName">The <c>global::</c> qualified name.</param>
/// <param name="DisplayName">The simple name, for documentation and messages.</param>
/// <param name="HintName">The generated file name.</param>
/// <param name="Properties">The mapped properties, in declaration order.</param>
/// <param name="CopyOnlyMembers">Members not stored but still set on construction or copy.</param>
/// <param name="ConstructorParameterCount">How many constructor arguments construction passes (0: parameterless).</param>
/// <param name="Enums">The enums the properties use.</param>
/// <param name="Entity">The entity part, or null for a document.</param>
/// <param name="HiddenMembers">Generated member names that hide an inherited member and so need <c>new</c>.</param>
internal sealed record MappedTypeModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    string DisplayName,
    string HintName,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<CopyOnlyMemberModel> CopyOnlyMembers,
    int ConstructorParameterCount,
    EquatableArray<EnumModel> Enums,
    EntityModel? Entity,
    EquatableArray<string> HiddenMembers);
