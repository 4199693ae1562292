using Microsoft.CodeAnalysis;

namespace SaasUsers.Data.Generator;

/// <summary>Placeholder until the generator lands.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class EntityGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
