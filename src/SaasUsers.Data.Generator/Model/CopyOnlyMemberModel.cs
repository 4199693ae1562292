namespace SaasUsers.Data.Generator.Model;

/// <summary>
/// A settable member that is not stored (<c>[DynamoIgnore]</c>, or a <c>required</c> field). A <c>required</c> one
/// must still appear in every object initializer, and a copy made by <c>WithVersion</c> keeps its value.
/// </summary>
internal sealed record CopyOnlyMemberModel(string Identifier, bool IsRequired);
