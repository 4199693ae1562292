using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SaasUsers.Data.Generator.Diagnostics;
using SaasUsers.Data.Generator.Emitting;
using SaasUsers.Data.Generator.Model;
using SaasUsers.Data.Generator.Parsing;

namespace SaasUsers.Data.Generator;

/// <summary>
/// Generates the DynamoDB mapping of every <c>[DynamoEntity]</c> and <c>[DynamoDocument]</c> type: parse each
/// type into an equatable model, report its diagnostics, check entity type names across the compilation, and
/// emit one file per type. See docs/generator.md.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class EntityGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var entities = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.EntityAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntaxContext, cancellationToken) => TypeParser.Parse(syntaxContext, isEntity: true, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedEntities);

        var documents = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.DocumentAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntaxContext, cancellationToken) => TypeParser.Parse(syntaxContext, isEntity: false, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedDocuments);

        foreach (var parsed in new[] { entities, documents })
        {
            var diagnostics = parsed
                .Select(static (result, _) => result.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);
            Report(context, diagnostics);

            // The model holds no locations, so moving a type in its file re-emits nothing.
            var models = parsed
                .Select(static (result, _) => result.Model)
                .WithTrackingName(TrackingNames.Models);
            context.RegisterSourceOutput(models, static (production, model) =>
            {
                if (model is not null)
                {
                    production.AddSource(model.HintName, SourceText.From(SourceFileEmitter.Emit(model), System.Text.Encoding.UTF8));
                }
            });
        }

        // SUD005 needs every entity at once. It is an error, which no pragma suppresses, so it keeps the file
        // location its plain data gives and its step stays off the compilation.
        var entityNames = entities
            .Select(static (result, _) => result.EntityName)
            .Collect()
            .Select(static (names, _) => ToEquatable(names))
            .WithTrackingName(TrackingNames.EntityNames);
        context.RegisterSourceOutput(entityNames, static (production, names) =>
        {
            foreach (var diagnostic in DuplicateEntityTypeCheck.Find(names))
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic(compilation: null));
            }
        });
    }

    /// <summary>
    /// Reports diagnostics in the syntax trees they point at, so <c>#pragma warning disable</c> and <c>.editorconfig</c>
    /// severities apply. Only lists that hold diagnostics meet the compilation: a clean type's step stays cached.
    /// </summary>
    private static void Report(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics)
    {
        var located = diagnostics
            .Where(static found => found.Count > 0)
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(located, static (production, pair) =>
        {
            foreach (var diagnostic in pair.Left)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });
    }

    private static EquatableArray<EntityNameInfo> ToEquatable(ImmutableArray<EntityNameInfo?> names)
    {
        var builder = ImmutableArray.CreateBuilder<EntityNameInfo>(names.Length);
        foreach (var name in names)
        {
            if (name is not null)
            {
                builder.Add(name);
            }
        }

        return new EquatableArray<EntityNameInfo>(builder.ToImmutable());
    }
}
