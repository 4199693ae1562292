using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SaasUsers.Data.Build.Policy;
using SaasUsers.Data.Tests.Generator;
using Xunit;

namespace SaasUsers.Data.Tests.Architecture;

/// <summary>
/// Keeps the package's SaaS repositories on the public API an application has: every type and member the files
/// under <c>src/SaasUsers.Data/Repositories/</c> use must be public, unless it is declared in a repository file
/// itself or in <c>Validation/</c> (the repositories' own input rules). So the table has no hidden second API.
/// </summary>
public sealed class PublicApiBoundaryTests
{
    private static readonly string[] OwnFolders = ["Repositories", "Validation"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Repositories_UseOnlyPublicMembersOfTheRestOfThePackage()
    {
        // Given the package's sources compiled with its generator, as the build does
        var compilation = CompilePackage(out var sourceRoot);
        var repositoryTrees = compilation.SyntaxTrees.Where(t => IsUnder(t.FilePath, sourceRoot, "Repositories")).ToList();
        Assert.NotEmpty(repositoryTrees);
        Assert.Contains(repositoryTrees, t => t.FilePath.Contains(Path.Combine("Repositories", "Organizations"), StringComparison.Ordinal));

        // When every name in the repository files is resolved
        var violations = new List<string>();
        var unresolved = new List<string>();
        foreach (var tree in repositoryTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            unresolved.AddRange(model.GetDiagnostics(cancellationToken: Cancel).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            foreach (var node in tree.GetRoot(Cancel).DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax or ObjectCreationExpressionSyntax))
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(node, Cancel).Symbol;
                if (symbol is null || !IsPackageMember(symbol, compilation) || IsOwn(symbol, sourceRoot) || IsPublic(symbol))
                {
                    continue;
                }

                var line = tree.GetLineSpan(node.Span, Cancel).StartLinePosition.Line + 1;
                violations.Add($"{Path.GetRelativePath(sourceRoot, tree.FilePath)}:{line} uses non-public {symbol.Kind} {symbol.ToDisplayString()}");
            }
        }

        // Then the check saw real code (nothing unresolved) and found no non-public use
        Assert.True(unresolved.Count == 0, "The repository files did not compile here:" + Environment.NewLine + string.Join(Environment.NewLine, unresolved));
        Assert.True(violations.Count == 0, "Repositories must use the public API only:" + Environment.NewLine + string.Join(Environment.NewLine, violations.Distinct()));
    }

    [Fact]
    public void Check_FindsANonPublicTableMember()
    {
        // Given a repository file that reaches into an internal member of the table layer
        var compilation = CompilePackage(out var sourceRoot, extraRepositorySource:
            "namespace SaasUsers.Data; internal static class Reaching { public static object Cheat(Amazon.DynamoDBv2.Model.AttributeValue v) => SaasUsers.Data.Repositories.ItemConditions.StoredVersion(null, null) ?? 0L; }");
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Reaching.cs", StringComparison.Ordinal));
        var model = compilation.GetSemanticModel(tree);

        // When its names are resolved
        var nonPublic = tree.GetRoot(Cancel).DescendantNodes().OfType<SimpleNameSyntax>()
            .Select(n => model.GetSymbolInfo(n, Cancel).Symbol)
            .Where(s => s is not null && IsPackageMember(s, compilation) && !IsOwn(s, sourceRoot) && !IsPublic(s))
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

    // Declared in a repository file or in Validation/: the repositories' own code, not the table's.
    private static bool IsOwn(ISymbol symbol, string sourceRoot) =>
        symbol.OriginalDefinition.DeclaringSyntaxReferences.Any(r => OwnFolders.Any(folder => IsUnder(r.SyntaxTree.FilePath, sourceRoot, folder)));

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
