using Microsoft.CodeAnalysis;

namespace SaasUsers.Data.Generator.Diagnostics;

/// <summary>The diagnostics the generator reports. Each id is also listed in AnalyzerReleases.Unshipped.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SaasUsers.Data.Mapping";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "SUD001",
        "Mapped type must be partial",
        "Type '{0}' must be declared partial so that the generator can add its mapping{1}");

    public static readonly DiagnosticDescriptor KeyPropertyNotMapped = Error(
        "SUD002",
        "Key template names a property that is not mapped",
        "Key template '{0}' of '{1}' names property '{2}', which {3}");

    public static readonly DiagnosticDescriptor KeyPropertyTypeNotAllowed = Error(
        "SUD003",
        "Key property has a type that cannot be a key component",
        "Property '{0}' of '{1}' cannot be part of key template '{2}': {3}");

    public static readonly DiagnosticDescriptor PartitionKeyEmpty = Error(
        "SUD004",
        "Partition key template is empty",
        "The {0} template of '{1}' is empty");

    public static readonly DiagnosticDescriptor DuplicateEntityType = Error(
        "SUD005",
        "Entity type name is used twice",
        "Entity type name '{0}' of '{1}' is also used by '{2}'; set EntityType to a name of its own");

    public static readonly DiagnosticDescriptor UnsupportedPropertyType = Error(
        "SUD006",
        "Property type is not supported",
        "Property '{0}' of '{1}' has type '{2}', which the mapper does not support; use [DynamoIgnore] to leave it out");

    public static readonly DiagnosticDescriptor InvalidVersionProperty = Error(
        "SUD007",
        "Invalid [DynamoVersion] property",
        "Property '{0}' of '{1}' cannot be the version: {2}");

    public static readonly DiagnosticDescriptor InvalidTimeToLiveProperty = Error(
        "SUD008",
        "Invalid [DynamoTimeToLive] property",
        "Property '{0}' of '{1}' cannot be the time to live: {2}");

    public static readonly DiagnosticDescriptor MalformedKeyTemplate = Error(
        "SUD009",
        "Key template is malformed",
        "Key template '{0}' of '{1}' is malformed: {2}");

    public static readonly DiagnosticDescriptor InvalidAttributeName = Error(
        "SUD010",
        "Attribute name is reserved or used twice",
        "Property '{0}' of '{1}' cannot be stored as attribute '{2}': {3}");

    public static readonly DiagnosticDescriptor InvalidIndex = Error(
        "SUD011",
        "Invalid or duplicate index number",
        "Index {0} of '{1}' {2}");

    public static readonly DiagnosticDescriptor NoUsableConstructor = Error(
        "SUD012",
        "No constructor the mapper can call",
        "Type '{0}' has no constructor the mapper can call: {1}");

    public static readonly DiagnosticDescriptor UnsupportedTypeKind = Error(
        "SUD013",
        "Mapped type must be a non-generic class or record class",
        "Type '{0}' cannot be mapped: {1}");

    public static readonly DiagnosticDescriptor InvalidIndexName = Error(
        "SUD015",
        "Invalid or duplicate index name",
        "Index name '{0}' of index {1} of '{2}' cannot be used: {3}");

    public static readonly DiagnosticDescriptor InvalidOwner = Error(
        "SUD016",
        "Invalid [DynamoOwnedBy] owner",
        "Owner '{0}' of '{1}' cannot own it: {2}");

    public static readonly DiagnosticDescriptor ConstantPartitionKey = new(
        "SUD014",
        "Partition key template has no property",
        "The partition key template '{0}' of '{1}' has no property: every {1} item shares one partition",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A partition key without a property puts every item of the type in one partition, which limits throughput. Add a property to the template unless the type has few items.");

    private static DiagnosticDescriptor Error(string id, string title, string messageFormat) =>
        new(id, title, messageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
