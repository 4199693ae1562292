using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SaasUsers.Data.Generator;
using Xunit;

namespace SaasUsers.Data.Tests.Generator;

/// <summary>An unchanged compilation hits the cache at every step, and the cached models hold no compilation objects.</summary>
public sealed class IncrementalCachingTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using SaasUsers.Data;

        namespace Driver.Caching;

        public enum Kind { A, B }

        [DynamoDocument]
        public sealed partial class Note { public string Text { get; set; } = ""; }

        [DynamoEntity("USER#{UserId}", "PROFILE", EntityType = "User")]
        [DynamoIndex(1, "EMAIL#{Email}", "USER")]
        public sealed partial class User
        {
            public required string UserId { get; init; }
            public string? Email { get; init; }
            public Kind Kind { get; init; }
            public List<Note> Notes { get; init; } = new();
            [DynamoVersion] public long Version { get; init; }
        }

        [DynamoEntity("SETTINGS", "GLOBAL")]
        public sealed partial class Settings { public string? Theme { get; set; } }
        """;

    private static readonly string[] TrackedSteps =
    [
        TrackingNames.ParsedEntities,
        TrackingNames.ParsedDocuments,
        TrackingNames.Models,
        TrackingNames.Diagnostics,
        TrackingNames.EntityNames,
    ];

    [Fact]
    public void SecondRun_UnchangedCompilation_IsAllCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken);
        var first = driver.GetRunResult().Results.Single();

        // An unrelated edit: a new file without mapped types.
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Driver.Caching; internal static class Unrelated { }", GeneratorHarness.ParseOptions, cancellationToken: TestContext.Current.CancellationToken));
        var second = driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(first.TrackedSteps.ContainsKey(step), $"Step {step} is not tracked.");
            var reasons = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"Step {step} ran again: {reason}"));
        }

        // Every output that adds source is cached. An output that only reports diagnostics runs again on a new
        // compilation (it binds their locations to the new syntax trees, so pragmas apply), and reports the same ones.
        var sourceOutputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs)
            .Where(output => output.Value is System.Runtime.CompilerServices.ITuple { Length: > 0 } tuple && tuple[0] is IEnumerable sources && sources.Cast<object>().Any())
            .ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs, output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void SecondRun_OneTypeChanged_LeavesTheOtherModelsUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source, """
            namespace Driver.Caching;
            [SaasUsers.Data.DynamoDocument]
            public sealed partial class Other { public int Count { get; set; } }
            """);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(oldTree.GetText(TestContext.Current.CancellationToken).ToString().Replace("int Count", "long Count", StringComparison.Ordinal)));
        var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree), TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        var models = second.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, models);
        Assert.Contains(models, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void PipelineValues_AnyStep_HoldNoSymbolsSyntaxOrCompilations()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertHoldsNoCompilationObjects(output.Value, step, depth: 0);
            }
        }
    }

    private static void AssertHoldsNoCompilationObjects(object? value, string path, int depth)
    {
        if (value is null || depth > 12 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(
            value is Compilation or ISymbol or SyntaxNode or SemanticModel or SyntaxTree or Location,
            $"{path} holds a {value.GetType().Name}, which ties the model to one compilation.");

        // Diagnostic descriptors are plain, equatable data.
        if (value is DiagnosticDescriptor || value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis.Text", StringComparison.Ordinal) == true)
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var element in sequence)
            {
                AssertHoldsNoCompilationObjects(element, $"{path}[{i++}]", depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                AssertHoldsNoCompilationObjects(property.GetValue(value), $"{path}.{property.Name}", depth + 1);
            }
        }
    }
}
