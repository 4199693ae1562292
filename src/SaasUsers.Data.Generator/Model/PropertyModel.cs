namespace SaasUsers.Data.Generator.Model;

/// <summary>A mapped property.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Identifier">The property name as written in C# (escaped when it is a keyword).</param>
/// <param name="AttributeName">The stored attribute name.</param>
/// <param name="Value">The value shape.</param>
/// <param name="ConstructorParameterIndex">The constructor parameter it is passed to, or -1.</param>
/// <param name="InInitializer">Whether it is set in the object initializer.</param>
/// <param name="CanSet">Whether it has a setter or init accessor the mapper can call.</param>
internal sealed record PropertyModel(
    string Name,
    string Identifier,
    string AttributeName,
    ValueModel Value,
    int ConstructorParameterIndex,
    bool InInitializer,
    bool CanSet);
