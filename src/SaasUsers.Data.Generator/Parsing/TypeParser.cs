using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SaasUsers.Data.Generator.Diagnostics;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>
/// Turns one <c>[DynamoEntity]</c> or <c>[DynamoDocument]</c> type into an equatable <see cref="MappedTypeModel"/>
/// and the diagnostics it deserves. Nothing it returns holds a symbol or syntax node.
/// </summary>
internal static class TypeParser
{
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, bool isEntity, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var compilation = context.SemanticModel.Compilation;
        var mappingAttribute = context.Attributes[0];
        var attributeLocation = LocationInfo.From(SymbolNames.LocationOf(mappingAttribute, type));
        var typeName = type.Name;
        var diagnostics = new List<DiagnosticInfo>();

        if (KindProblem(type) is { } kindProblem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTypeKind, LocationInfo.From(declaration.Identifier.GetLocation()), typeName, kindProblem));
            return new ParseResult(null, diagnostics.ToEquatableArray(), null);
        }

        CheckPartial(declaration, diagnostics);
        cancellationToken.ThrowIfCancellationRequested();

        // Properties, then construction (which decides whether a get-only property is mapped through a parameter).
        var candidates = PropertyCollector.Collect(type, compilation);
        var choice = ConstructorSelector.Select(type, candidates, compilation, out var constructorError);
        if (choice is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoUsableConstructor, LocationInfo.From(declaration.Identifier.GetLocation()), typeName, constructorError!));
        }

        var properties = new PropertyReader(typeName, isEntity, diagnostics);
        properties.Read(candidates, choice);
        cancellationToken.ThrowIfCancellationRequested();

        EntityModel? entity = null;
        EntityNameInfo? entityName = null;
        if (isEntity)
        {
            if (mappingAttribute.ConstructorArguments.Length < 2)
            {
                // The compiler already reports the malformed attribute.
                return new ParseResult(null, diagnostics.ToEquatableArray(), null);
            }

            var entityType = typeName;
            foreach (var named in mappingAttribute.NamedArguments)
            {
                if (named.Key == "EntityType" && named.Value.Value is string explicitName)
                {
                    entityType = explicitName;
                }
            }

            entityName = new EntityNameInfo(entityType, type.ToDisplayString(), attributeLocation);
            entity = ParseEntity(type, mappingAttribute, entityType, attributeLocation, properties, diagnostics);
        }

        var hasErrors = diagnostics.Exists(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        var model = hasErrors || choice is null
            ? null
            : new MappedTypeModel(
                Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(QualifiedNameFormat),
                ContainingTypes: ContainingTypes(type),
                Name: SymbolNames.Identifier(type.Name),
                Keyword: type.IsRecord ? "record" : "class",
                FullyQualifiedName: type.FullNameWithoutAnnotation(),
                DisplayName: type.Name,
                HintName: type.ToDisplayString(QualifiedNameFormat).Replace("@", string.Empty) + ".g.cs",
                Properties: properties.Mapped.ToEquatableArray(),
                CopyOnlyMembers: PropertyCollector.CopyOnlyMembers(type, candidates).ToEquatableArray(),
                ConstructorParameterCount: choice.ParameterProperties.Count,
                Enums: properties.Enums.Enums.ToEquatableArray(),
                Entity: entity,
                HiddenMembers: HiddenMembers(type, isEntity, entity, properties).ToEquatableArray());

        return new ParseResult(model, diagnostics.ToEquatableArray(), entityName);
    }

    private static readonly SymbolDisplayFormat QualifiedNameFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    private static string? KindProblem(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return "it is not a class or record class";
        }

        if (type.IsGenericType)
        {
            return "it is generic";
        }

        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.IsGenericType)
            {
                return $"it is nested in generic type '{container.Name}'";
            }
        }

        return null;
    }

    private static void CheckPartial(TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics)
    {
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(declaration.Identifier.GetLocation()), declaration.Identifier.ValueText, string.Empty));
        }

        foreach (var ancestor in declaration.Ancestors())
        {
            if (ancestor is TypeDeclarationSyntax container && !container.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(container.Identifier.GetLocation()),
                    container.Identifier.ValueText, $" (it contains '{declaration.Identifier.ValueText}')"));
            }
        }
    }

    private static EntityModel? ParseEntity(
        INamedTypeSymbol type,
        AttributeData entityAttribute,
        string entityType,
        LocationInfo? attributeLocation,
        PropertyReader properties,
        List<DiagnosticInfo> diagnostics)
    {
        var typeName = type.Name;
        var templates = new KeyTemplateValidator(typeName, properties.MappedByName, properties.NotMappedReasons, properties.Unsupported, diagnostics);
        var partitionText = entityAttribute.ConstructorArguments[0].Value as string;
        var partitionKey = templates.Validate(partitionText, "partition key", isPartitionKey: true, allowNullable: false, attributeLocation);
        var sortKey = templates.Validate(entityAttribute.ConstructorArguments[1].Value as string, "sort key", isPartitionKey: false, allowNullable: false, attributeLocation);

        if (partitionKey is not null && !HasProperty(partitionKey))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantPartitionKey, attributeLocation, partitionText!, typeName));
        }

        var indexes = new List<IndexModel>();
        var indexNumbers = new HashSet<int>();
        var indexNames = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass || !attributeClass.IsNamed(KnownNames.IndexAttribute)
                || attribute.ConstructorArguments.Length < 3 || attribute.ConstructorArguments[0].Value is not int number)
            {
                continue;
            }

            var location = LocationInfo.From(SymbolNames.LocationOf(attribute, type));
            var numberText = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (number is < 1 or > SaasUsers.Data.Shared.ReservedAttributeNames.MaxIndexNumber)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidIndex, location, numberText, typeName, "is outside 1..20 (DynamoDB allows 20 global secondary indexes a table)"));
                continue;
            }

            if (!indexNumbers.Add(number))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidIndex, location, numberText, typeName, "is declared more than once"));
                continue;
            }

            var name = "Gsi" + numberText;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name" && named.Value.Value is string given)
                {
                    name = given;
                }
            }

            if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "SortKeys")
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidIndexName, location, name, numberText, typeName, "it must be a C# identifier (not a keyword, not 'SortKeys')"));
                continue;
            }

            if (!indexNames.Add(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidIndexName, location, name, numberText, typeName, "another index of the type has the same name"));
                continue;
            }

            var indexPartition = templates.Validate(attribute.ConstructorArguments[1].Value as string, $"index {numberText} partition key", isPartitionKey: true, allowNullable: true, location);
            var indexSort = templates.Validate(attribute.ConstructorArguments[2].Value as string, $"index {numberText} sort key", isPartitionKey: false, allowNullable: true, location);
            if (indexPartition is not null && indexSort is not null)
            {
                indexes.Add(new IndexModel(number, name, indexPartition, indexSort));
            }
        }

        indexes.Sort((left, right) => left.Number.CompareTo(right.Number));
        if (partitionKey is null || sortKey is null)
        {
            return null;
        }

        var owners = ParseOwners(type, partitionKey, sortKey, properties, diagnostics);
        var version = properties.VersionProperty;
        return new EntityModel(
            entityType,
            partitionKey,
            sortKey,
            indexes.ToEquatableArray(),
            version?.Name,
            version?.Value.Kind == ValueKind.Int32,
            VersionUsesWith: type.IsRecord && version is { CanSet: true },
            properties.TimeToLiveProperty?.Name,
            owners.ToEquatableArray());
    }

    /// <summary>The owners of <c>[DynamoOwnedBy]</c>: entities with a property of the same name and type for every key parameter.</summary>
    private static List<OwnerModel> ParseOwners(INamedTypeSymbol type, KeyTemplateModel partitionKey, KeyTemplateModel sortKey, PropertyReader properties, List<DiagnosticInfo> diagnostics)
    {
        var owners = new List<OwnerModel>();
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass || !attributeClass.IsNamed(KnownNames.OwnedByAttribute)
                || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol owner)
            {
                continue;
            }

            var location = LocationInfo.From(SymbolNames.LocationOf(attribute, type));
            var ownerName = owner.Name;
            if (!owner.HasAttribute(KnownNames.EntityAttribute) && !owner.ImplementsSelfInterface(KnownNames.EntityInterface))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOwner, location, ownerName, type.Name, "it is not an entity ([DynamoEntity])"));
                continue;
            }

            var arguments = new List<string>();
            string? problem = null;
            foreach (var keyProperty in KeyParameters.Of(partitionKey, sortKey))
            {
                var ownerProperty = FindProperty(owner, keyProperty);
                var expected = properties.MappedByName[keyProperty].Value.TypeName.TrimEnd('?');
                if (ownerProperty is null)
                {
                    problem = $"it has no property '{keyProperty}' to build the key from";
                    break;
                }

                var actual = Underlying(ownerProperty.Type).FullName().TrimEnd('?');
                if (actual != expected)
                {
                    problem = $"its property '{keyProperty}' is a '{actual}', the key needs a '{expected}'";
                    break;
                }

                arguments.Add(SymbolNames.Identifier(ownerProperty.Name));
            }

            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOwner, location, ownerName, type.Name, problem));
                continue;
            }

            owners.Add(new OwnerModel(owner.FullNameWithoutAnnotation(), arguments.ToEquatableArray()));
        }

        return owners;
    }

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool HasProperty(KeyTemplateModel template)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.PropertyName is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static EquatableArray<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
    {
        var result = new List<ContainingTypeModel>();
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            var keyword = container switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            result.Insert(0, new ContainingTypeModel(keyword, SymbolNames.Identifier(container.Name)));
        }

        return result.ToEquatableArray();
    }

    /// <summary>The generated members that hide a member of a base type (an entity deriving from an entity) and so need <c>new</c>.</summary>
    private static List<string> HiddenMembers(INamedTypeSymbol type, bool isEntity, EntityModel? entity, PropertyReader properties)
    {
        var hidden = new List<string>();
        if (isEntity && entity is not null)
        {
            AddIfHidden(type, "Mapper", null, hidden);
            AddIfHidden(type, "Fields", null, hidden);
            AddIfHidden(type, "Indexes", null, hidden);
            AddIfHidden(type, "SortKeys", null, hidden);
            AddIfHidden(type, "CreateKey", properties.KeyParameterTypes(entity.PartitionKey, entity.SortKey), hidden);
            AddIfHidden(type, "CreatePartitionKey", properties.KeyParameterTypes(entity.PartitionKey, null), hidden);
        }
        else
        {
            AddIfHidden(type, "ToMap", new[] { type.FullNameWithoutAnnotation() }, hidden);
            AddIfHidden(type, "FromMap", new[] { KnownNames.Item }, hidden);
            AddIfHidden(type, "FromJson", new[] { KnownNames.JsonReader }, hidden);
        }

        return hidden;
    }

    private static void AddIfHidden(INamedTypeSymbol type, string memberName, IReadOnlyList<string>? parameterTypes, List<string> hidden)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            // A mapped base type gets its members from this generator, so they are not in the compilation yet.
            foreach (var (generatedName, generatedParameters) in GeneratedMembers(current))
            {
                if (generatedName == memberName && (parameterTypes is null || generatedParameters is null || Same(generatedParameters, parameterTypes)))
                {
                    hidden.Add(memberName);
                    return;
                }
            }

            foreach (var member in current.GetMembers(memberName))
            {
                if (member.DeclaredAccessibility == Accessibility.Private)
                {
                    continue;
                }

                if (parameterTypes is null || member is not IMethodSymbol method || SameParameters(method, parameterTypes))
                {
                    hidden.Add(memberName);
                    return;
                }
            }
        }
    }

    /// <summary>The members this generator adds to a mapped base type, with parameter types for methods.</summary>
    private static IEnumerable<(string Name, IReadOnlyList<string>? Parameters)> GeneratedMembers(INamedTypeSymbol type)
    {
        if (type.GetAttribute(KnownNames.EntityAttribute) is { ConstructorArguments.Length: 2 } entity)
        {
            var partition = TemplatePropertyTypes(type, entity.ConstructorArguments[0].Value as string);
            var sort = TemplatePropertyTypes(type, entity.ConstructorArguments[1].Value as string);
            yield return ("Mapper", null);
            yield return ("Fields", null);
            if (entity.ConstructorArguments[1].Value is string sortTemplate && sortTemplate.IndexOf('{') >= 0)
            {
                yield return ("SortKeys", null);
            }

            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && attributeClass.IsNamed(KnownNames.IndexAttribute))
                {
                    yield return ("Indexes", null);
                    break;
                }
            }
            if (partition is not null && sort is not null)
            {
                var all = new List<string>(partition.Names.Count + sort.Names.Count);
                var allTypes = new List<string>();
                for (var i = 0; i < partition.Names.Count; i++)
                {
                    all.Add(partition.Names[i]);
                    allTypes.Add(partition.Types[i]);
                }

                for (var i = 0; i < sort.Names.Count; i++)
                {
                    if (!all.Contains(sort.Names[i]))
                    {
                        all.Add(sort.Names[i]);
                        allTypes.Add(sort.Types[i]);
                    }
                }

                yield return ("CreateKey", allTypes);
                yield return ("CreatePartitionKey", partition.Types);
            }
        }
        else if (type.HasAttribute(KnownNames.DocumentAttribute))
        {
            yield return ("ToMap", new[] { type.FullNameWithoutAnnotation() });
            yield return ("FromMap", new[] { KnownNames.Item });
            yield return ("FromJson", new[] { KnownNames.JsonReader });
        }
    }

    private sealed record TemplateProperties(List<string> Names, List<string> Types);

    /// <summary>The distinct properties a template of a base type names, with their types; null when they cannot be resolved.</summary>
    private static TemplateProperties? TemplatePropertyTypes(INamedTypeSymbol type, string? template)
    {
        var segments = template is null ? null : KeyTemplateParser.Parse(template, out _);
        if (segments is null)
        {
            return null;
        }

        var result = new TemplateProperties(new List<string>(), new List<string>());
        foreach (var segment in segments)
        {
            if (segment.PropertyName is not { } name || result.Names.Contains(name))
            {
                continue;
            }

            var property = FindProperty(type, name);
            if (property is null)
            {
                return null;
            }

            result.Names.Add(name);
            result.Types.Add(property.Type.FullNameWithoutAnnotation());
        }

        return result;
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IPropertySymbol property)
                {
                    return property;
                }
            }
        }

        return null;
    }

    private static bool Same(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameParameters(IMethodSymbol method, IReadOnlyList<string> parameterTypes)
    {
        if (method.Parameters.Length != parameterTypes.Count)
        {
            return false;
        }

        for (var i = 0; i < parameterTypes.Count; i++)
        {
            if (!string.Equals(method.Parameters[i].Type.FullNameWithoutAnnotation(), parameterTypes[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
