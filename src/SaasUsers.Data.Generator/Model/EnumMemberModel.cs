namespace SaasUsers.Data.Generator.Model;

/// <summary>One enum member.</summary>
/// <param name="Name">The member name as stored.</param>
/// <param name="Identifier">The member name as written in C# (escaped when it is a keyword).</param>
/// <param name="IsFirstWithItsValue">
/// Whether no earlier member has the same value. Only these are written (a switch cannot test one value twice);
/// every name is accepted when reading.
/// </param>
internal sealed record EnumMemberModel(string Name, string Identifier, bool IsFirstWithItsValue);
