using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SaasUsers.Data.Build.Policy;
using SaasUsers.Data.Tests.Generator;
using Xunit;

namespace SaasUsers.Data.Tests.Architecture;

/// <summary>
/// Keeps the package's features on the public API an application has: every type and member the files of a feature
/// folder (the SaaS repositories, the evolution tools, the change feed, the daily stats, the activity log) use must be
/// public, unless it is declared in that feature's own folder, in <c>Validation/</c> (shared input rules) or in
/// <c>Telemetry/</c> (the package's one <c>Log</c> class, activity source and meter). So the table has no hidden
/// second API. Every folder of the package is either a feature (checked) or a layer under them (listed below), so a
/// new feature folder is checked from its first file.
/// </summary>
public sealed class PublicApiBoundaryTests
{
    /// <summary>The package's features, each written on the public API of the rest.</summary>
    private static readonly string[] FeatureFolders = ["Repositories", "Evolution", "ChangeFeed", "Metrics", "Activity"];

    /// <summary>The layers the features are built on, and the composition root that wires them (DependencyInjection).</summary>
    private static readonly string[] LayerFolders =
        ["Configuration", "DependencyInjection", "Entities", "Errors", "Http", "Mapping", "Model", "Paging", "Provisioning", "Table", "Telemetry", "Validation"];

    /// <summary>What every feature may use of the package's internals besides its own.</summary>
    private static readonly string[] SharedFolders = ["Validation", "Telemetry"];

    /// <summary>
    /// What one feature may use besides: the change feed reads DynamoDB Streams through the package's small AWS JSON
    /// client (<c>Http/</c>), because the SDK version the package pins has no Streams client. It is a transport to
    /// another AWS service, not a second API of the table.
    /// </summary>
    private static readonly Dictionary<string, string[]> AlsoAllowed = new(StringComparer.Ordinal) { ["ChangeFeed"] = ["Http"] };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Features => new(FeatureFolders);

    [Fact]
    public void EveryFolderOfThePackage_IsAFeatureOrALayer()
    {
        var sourceRoot = Path.Combine(IamPolicy.RepositoryRoot(), "src", "SaasUsers.Data");
        var folders = Directory.EnumerateDirectories(sourceRoot).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();

        var unclassified = folders.Except(FeatureFolders.Concat(LayerFolders), StringComparer.Ordinal).ToList();

        Assert.True(unclassified.Count == 0, $"Add {string.Join(", ", unclassified)} to FeatureFolders (a package feature, checked to use only public API) or LayerFolders.");
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void Feature_UsesOnlyPublicMembersOfTheRestOfThePackage(string feature)
    {
        // Given the package's sources compiled with its generator, as the build does
        var compilation = CompilePackage(out var sourceRoot);
        var featureTrees = compilation.SyntaxTrees.Where(t => IsUnder(t.FilePath, sourceRoot, feature)).ToList();
        Assert.NotEmpty(featureTrees);
        string[] ownFolders = [feature, .. SharedFolders, .. AlsoAllowed.GetValueOrDefault(feature, [])];

        // When every name in the repository files is resolved
        var violations = new List<string>();
        var unresolved = new List<string>();
        var completedByOtherGenerators = CompletedByOtherGenerators(compilation);
        foreach (var tree in featureTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            unresolved.AddRange(model.GetDiagnostics(cancellationToken: Cancel)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Where(d => !completedByOtherGenerators.Any(c => c.Explains(d)))
                .Select(d => d.ToString()));
            foreach (var node in tree.GetRoot(Cancel).DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax or ObjectCreationExpressionSyntax))
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(node, Cancel).Symbol;
                if (symbol is null || !IsPackageMember(symbol, compilation) || IsOwn(symbol, sourceRoot, ownFolders) || IsPublic(symbol))
                {
                    continue;
                }

                var line = tree.GetLineSpan(node.Span, Cancel).StartLinePosition.Line + 1;
                violations.Add($"{Path.GetRelativePath(sourceRoot, tree.FilePath)}:{line} uses non-public {symbol.Kind} {symbol.ToDisplayString()}");
            }
        }

        // Then the check saw real code (nothing unresolved) and found no non-public use
        Assert.True(unresolved.Count == 0, $"The files of {feature}/ did not compile here:" + Environment.NewLine + string.Join(Environment.NewLine, unresolved));
        Assert.True(violations.Count == 0, $"{feature}/ must use the public API only:" + Environment.NewLine + string.Join(Environment.NewLine, violations.Distinct()));
    }

    [Fact]
    public void Check_FindsANonPublicTableMember()
    {
        // Given a repository file that reaches into an internal member of the table layer
        var compilation = CompilePackage(out var sourceRoot, extraRepositorySource:
            "namespace SaasUsers.Data; internal static class Reaching { public static object Cheat(Amazon.DynamoDBv2.Model.AttributeValue v) => SaasUsers.Data.ItemConditions.StoredVersion(null, null) ?? 0L; }");
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Reaching.cs", StringComparison.Ordinal));
        var model = compilation.GetSemanticModel(tree);

        // When its names are resolved
        var nonPublic = tree.GetRoot(Cancel).DescendantNodes().OfType<SimpleNameSyntax>()
            .Select(n => model.GetSymbolInfo(n, Cancel).Symbol)
            .Where(s => s is not null && IsPackageMember(s, compilation) && !IsOwn(s, sourceRoot, ["Repositories", .. SharedFolders]) && !IsPublic(s))
            .Select(s => s!.Name)
            .ToList();

        // Then the internal helper is reported (the check can fail)
        Assert.Contains("StoredVersion", nonPublic);
    }

    private static Compilation CompilePackage(out string sourceRoot, string? extraRepositorySource = null)
    {
        sourceRoot = Path.Combine(IamPolicy.RepositoryRoot(), "src", "SaasUsers.Data");
        var root = sourceRoot;
        var trees = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), GeneratorHarness.ParseOptions, path))
            .ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, GeneratorHarness.ParseOptions, Path.Combine(root, "obj", "ImplicitUsings.cs")));
        if (extraRepositorySource is not null)
        {
            trees.Add(CSharpSyntaxTree.ParseText(extraRepositorySource, GeneratorHarness.ParseOptions, Path.Combine(root, "Repositories", "Reaching.cs")));
        }

        var references = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => !Path.GetFileName(path).StartsWith("SaasUsers.Data", StringComparison.Ordinal))
            .Concat(((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "SaasUsers.Data",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _, Cancel);
        return output;
    }

    // Only the package's own generator runs here. What System.Text.Json's, the options validation and the regular
    // expression generators add (a JsonSerializerContext's Default and constructor, an [OptionsValidator]'s Validate, a
    // [GeneratedRegex] method's body) stays missing, so errors inside or naming those declarations are expected;
    // everything else in the feature's files must resolve.
    private static List<OtherGenerated> CompletedByOtherGenerators(Compilation compilation) =>
        compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot(Cancel).DescendantNodes().OfType<MemberDeclarationSyntax>())
            .Where(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "JsonSerializable" or "OptionsValidator" or "GeneratedRegex"))
            .Select(m => new OtherGenerated(m.SyntaxTree, m.Span, m is BaseTypeDeclarationSyntax type ? type.Identifier.Text : null))
            .ToList();

    private sealed record OtherGenerated(SyntaxTree Tree, Microsoft.CodeAnalysis.Text.TextSpan Span, string? TypeName)
    {
        public bool Explains(Diagnostic diagnostic) =>
            (diagnostic.Location.SourceTree == Tree && Span.Contains(diagnostic.Location.SourceSpan))
            || (TypeName is not null && diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains($"'{TypeName}'", StringComparison.Ordinal));
    }

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static bool IsPackageMember(ISymbol symbol, Compilation compilation) =>
        symbol.Kind is SymbolKind.NamedType or SymbolKind.Method or SymbolKind.Property or SymbolKind.Field or SymbolKind.Event
        && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly);

    // Declared in the feature's own folder or a shared one: the feature's own code, not the table's. A member the
    // generator emits (or the compiler implies, such as a default constructor) belongs to the type it is part of.
    private static bool IsOwn(ISymbol symbol, string sourceRoot, string[] ownFolders)
    {
        for (var current = symbol.OriginalDefinition; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaringSyntaxReferences.Any(r => ownFolders.Any(folder => IsUnder(r.SyntaxTree.FilePath, sourceRoot, folder))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPublic(ISymbol symbol)
    {
        for (var current = symbol.OriginalDefinition; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnder(string path, string sourceRoot, string folder) =>
        path.StartsWith(Path.Combine(sourceRoot, folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
