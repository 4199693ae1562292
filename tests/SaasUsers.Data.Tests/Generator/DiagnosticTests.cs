using Microsoft.CodeAnalysis;
using Xunit;

namespace SaasUsers.Data.Tests.Generator;

/// <summary>Each diagnostic fires with its id and names what is wrong.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using SaasUsers.Data;

        namespace Driver.Diagnostics;

        """;

    [Fact]
    public void SUD001_TypeThatIsNotPartial_IsReported()
    {
        var diagnostic = AssertReports("SUD001", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed class NotPartial { public string Id { get; set; } = ""; }
            """, "NotPartial");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void SUD001_ContainingTypeThatIsNotPartial_IsReported()
    {
        AssertReports("SUD001", """
            public static class Container
            {
                [DynamoDocument]
                public sealed partial class Inner { public string Id { get; set; } = ""; }
            }
            """, "Container", "Inner");
    }

    [Fact]
    public void SUD002_KeyTemplateNamesAPropertyThatIsMissing_IsReported()
    {
        AssertReports("SUD002", """
            [DynamoEntity("A#{Missing}", "A")]
            public sealed partial class MissingKey { public string Id { get; set; } = ""; }
            """, "Missing", "MissingKey", "does not exist");
    }

    [Fact]
    public void SUD002_KeyTemplateNamesAnIgnoredProperty_IsReported()
    {
        AssertReports("SUD002", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class IgnoredKey { [DynamoIgnore] public string Id { get; set; } = ""; }
            """, "Id", "IgnoredKey", "ignored");
    }

    [Fact]
    public void SUD003_KeyPropertyOfATypeThatCannotBeAKey_IsReported()
    {
        AssertReports("SUD003", """
            [DynamoEntity("A#{Amount}", "A")]
            public sealed partial class DecimalKey { public decimal Amount { get; set; } }
            """, "Amount", "DecimalKey", "decimal");
    }

    [Fact]
    public void SUD003_NullablePropertyInThePrimaryKey_IsReported()
    {
        AssertReports("SUD003", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class NullableKey { public string? Id { get; set; } }
            """, "Id", "NullableKey", "nullable");
    }

    [Fact]
    public void SUD004_EmptyPartitionKeyTemplate_IsReported()
    {
        AssertReports("SUD004", """
            [DynamoEntity("", "A")]
            public sealed partial class EmptyPartition { public string Id { get; set; } = ""; }
            """, "EmptyPartition", "partition key");
    }

    [Fact]
    public void SUD005_TwoEntitiesWithTheSameEntityTypeName_IsReported()
    {
        AssertReports("SUD005", """
            [DynamoEntity("A#{Id}", "A", EntityType = "Shared")]
            public sealed partial class First { public string Id { get; set; } = ""; }

            [DynamoEntity("B#{Id}", "B", EntityType = "Shared")]
            public sealed partial class Second { public string Id { get; set; } = ""; }
            """, "Shared", "First", "Second");
    }

    [Fact]
    public void SUD006_UnsupportedPropertyType_IsReported()
    {
        AssertReports("SUD006", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class HasDateTime
            {
                public string Id { get; set; } = "";
                public DateTime When { get; set; }
            }
            """, "When", "HasDateTime", "DateTime", "DynamoIgnore");
    }

    [Fact]
    public void SUD007_VersionThatIsNotAnInteger_IsReported()
    {
        AssertReports("SUD007", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class StringVersion
            {
                public string Id { get; set; } = "";
                [DynamoVersion] public string Revision { get; set; } = "";
            }
            """, "Revision", "StringVersion");
    }

    [Fact]
    public void SUD007_TwoVersions_IsReported()
    {
        AssertReports("SUD007", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class TwoVersions
            {
                public string Id { get; set; } = "";
                [DynamoVersion] public long First { get; set; }
                [DynamoVersion] public long Second { get; set; }
            }
            """, "Second", "TwoVersions", "First");
    }

    [Fact]
    public void SUD008_TimeToLiveThatIsNotADateTimeOffset_IsReported()
    {
        AssertReports("SUD008", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class NumberExpiry
            {
                public string Id { get; set; } = "";
                [DynamoTimeToLive] public long ExpiresAt { get; set; }
            }
            """, "ExpiresAt", "NumberExpiry");
    }

    [Fact]
    public void SUD009_MalformedKeyTemplate_IsReported()
    {
        AssertReports("SUD009", """
            [DynamoEntity("A#{Id", "A")]
            public sealed partial class Unbalanced { public string Id { get; set; } = ""; }
            """, "A#{Id", "Unbalanced");
    }

    [Theory]
    [InlineData("PK")]
    [InlineData("SK")]
    [InlineData("_type")]
    [InlineData("_wt")]
    [InlineData("GSI1PK")]
    [InlineData("GSI20SK")]
    public void SUD010_ReservedAttributeName_IsReported(string reserved)
    {
        AssertReports("SUD010", $$"""
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class ReservedName
            {
                public string Id { get; set; } = "";
                [DynamoAttributeName("{{reserved}}")] public string? Shadow { get; set; }
            }
            """, "Shadow", "ReservedName", reserved, "reserved");
    }

    [Theory]
    [InlineData("GSI21PK")]
    [InlineData("GSI01PK")]
    [InlineData("GSI1pk")]
    [InlineData("_types")]
    public void SUD010_NameBesideTheReservedOnes_IsNotReported(string name)
    {
        var outcome = GeneratorHarness.Run(Usings + $$"""
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class NearlyReserved
            {
                public string Id { get; set; } = "";
                [DynamoAttributeName("{{name}}")] public string? Beside { get; set; }
            }
            """);

        Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == "SUD010");
    }

    [Fact]
    public void SUD010_AttributeNameUsedTwice_IsReported()
    {
        AssertReports("SUD010", """
            [DynamoDocument]
            public sealed partial class Twice
            {
                public string? Name { get; set; }
                [DynamoAttributeName("Name")] public string? Other { get; set; }
            }
            """, "Other", "Twice", "Name");
    }

    [Fact]
    public void SUD011_IndexNumberOutOfRange_IsReported()
    {
        AssertReports("SUD011", """
            [DynamoEntity("A#{Id}", "A")]
            [DynamoIndex(21, "X#{Id}", "X")]
            public sealed partial class IndexTooHigh { public string Id { get; set; } = ""; }
            """, "21", "IndexTooHigh");
    }

    [Fact]
    public void SUD011_IndexDeclaredTwice_IsReported()
    {
        AssertReports("SUD011", """
            [DynamoEntity("A#{Id}", "A")]
            [DynamoIndex(2, "X#{Id}", "X")]
            [DynamoIndex(2, "Y#{Id}", "Y")]
            public sealed partial class IndexTwice { public string Id { get; set; } = ""; }
            """, "2", "IndexTwice", "more than once");
    }

    [Fact]
    public void SUD012_NoConstructorTheMapperCanCall_IsReported()
    {
        AssertReports("SUD012", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class Ambiguous
            {
                public Ambiguous(string id) => Id = id;
                public Ambiguous(int number) => Id = number.ToString();
                public string Id { get; }
            }
            """, "Ambiguous");
    }

    [Fact]
    public void SUD012_ConstructorParameterWithoutAProperty_IsReported()
    {
        AssertReports("SUD012", """
            [DynamoDocument]
            public sealed partial class Unmatched
            {
                public Unmatched(string secret) => Id = secret;
                public string Id { get; }
            }
            """, "Unmatched", "secret");
    }

    [Fact]
    public void SUD013_GenericType_IsReported()
    {
        AssertReports("SUD013", """
            [DynamoEntity("A#{Id}", "A")]
            public sealed partial class Generic<T> { public string Id { get; set; } = ""; }
            """, "Generic", "generic");
    }

    [Fact]
    public void SUD014_PartitionKeyWithoutAPropertyIsAWarning()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            [DynamoEntity("SETTINGS", "GLOBAL")]
            public sealed partial class Settings { public string? Theme { get; set; } }
            """);

        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("SUD014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("Settings", diagnostic.GetMessage(), StringComparison.Ordinal);

        // A warning still generates the mapping.
        Assert.Single(outcome.Result.GeneratedSources);
    }

    [Fact]
    public void SUD015_IndexNameThatIsNotAnIdentifier_IsReported()
    {
        AssertReports("SUD015", """
            [DynamoEntity("A#{Id}", "A")]
            [DynamoIndex(1, "B#{Id}", "B", Name = "by email")]
            public sealed partial class BadIndexName { public string Id { get; set; } = ""; }
            """, "by email", "BadIndexName");
    }

    [Fact]
    public void SUD015_TwoIndexesWithOneName_IsReported()
    {
        AssertReports("SUD015", """
            [DynamoEntity("A#{Id}", "A")]
            [DynamoIndex(1, "B#{Id}", "B", Name = "ById")]
            [DynamoIndex(2, "C#{Id}", "C", Name = "ById")]
            public sealed partial class SameIndexName { public string Id { get; set; } = ""; }
            """, "ById", "same name");
    }

    [Fact]
    public void SUD016_OwnerWithoutTheKeyProperty_IsReported()
    {
        AssertReports("SUD016", """
            [DynamoEntity("USER#{UserId}", "KEY#{KeyId}")]
            public sealed partial class ApiKey { public string UserId { get; set; } = ""; public string KeyId { get; set; } = ""; }

            [DynamoEntity("HASH#{Hash}", "HASH")]
            [DynamoOwnedBy(typeof(ApiKey))]
            public sealed partial class ApiKeyLookup { public string Hash { get; set; } = ""; }
            """, "ApiKey", "ApiKeyLookup", "Hash");
    }

    [Fact]
    public void SUD016_OwnerThatIsNotAnEntity_IsReported()
    {
        AssertReports("SUD016", """
            public sealed class Plain { public string Hash { get; set; } = ""; }

            [DynamoEntity("HASH#{Hash}", "HASH")]
            [DynamoOwnedBy(typeof(Plain))]
            public sealed partial class Owned { public string Hash { get; set; } = ""; }
            """, "Plain", "not an entity");
    }

    [Fact]
    public void SUD016_OwnerPropertyOfAnotherType_IsReported()
    {
        AssertReports("SUD016", """
            [DynamoEntity("USER#{UserId}", "KEY")]
            public sealed partial class Holder { public string UserId { get; set; } = ""; public int Hash { get; set; } }

            [DynamoEntity("HASH#{Hash}", "HASH")]
            [DynamoOwnedBy(typeof(Holder))]
            public sealed partial class Held { public string Hash { get; set; } = ""; }
            """, "Holder", "'Hash' is a 'int'");
    }

    [Fact]
    public void PragmaWarningDisable_AroundTheEntity_SuppressesTheGeneratorWarning()
    {
        // Given the same warning-raising entity, once plain and once inside #pragma warning disable SUD014
        const string Entity = """
            [DynamoEntity("SETTINGS", "GLOBAL")]
            public sealed partial class Settings { public string? Theme { get; set; } }
            """;
        var plain = GeneratorHarness.Run(Usings + Entity);
        var suppressed = GeneratorHarness.Run(Usings + "#pragma warning disable SUD014\n" + Entity + "\n#pragma warning restore SUD014\n");

        // Then the warning points into the source file, and the pragma removes it from the build
        var warning = Assert.Single(plain.GeneratorDiagnostics);
        Assert.True(warning.Location.IsInSource, "The diagnostic has no source location, so no pragma or .editorconfig could reach it.");
        Assert.Contains(plain.OutputCompilation.GetDiagnostics(TestContext.Current.CancellationToken).Concat(plain.GeneratorDiagnostics), d => d.Id == "SUD014");
        Assert.DoesNotContain(suppressed.GeneratorDiagnostics, d => d.Id == "SUD014" && !d.IsSuppressed);
    }

    [Fact]
    public void Diagnostics_Errors_PointAtTheSource()
    {
        var diagnostic = AssertReports("SUD006", """
            [DynamoDocument]
            public sealed partial class Located
            {
                public TimeSpan Duration { get; set; }
            }
            """, "Duration");

        var span = diagnostic.Location.GetLineSpan();
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Equal("Source0.cs", span.Path);
        Assert.Equal(8, span.StartLinePosition.Line);
    }

    [Fact]
    public void Generator_TypeWithErrors_GetsNoCode()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            [DynamoEntity("A#{Missing}", "A")]
            public sealed partial class Broken { public string Id { get; set; } = ""; }
            """);

        Assert.Empty(outcome.Result.GeneratedSources);
    }

    private static Diagnostic AssertReports(string id, string source, params string[] mentioned)
    {
        var outcome = GeneratorHarness.Run(Usings + source);
        var diagnostics = outcome.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(diagnostics.Count > 0, $"Expected {id}; got:{Environment.NewLine}{GeneratorOutcome.Describe(outcome.GeneratorDiagnostics)}");

        var diagnostic = diagnostics[0];
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var text in mentioned)
        {
            Assert.Contains(text, message, StringComparison.Ordinal);
        }

        Assert.NotEqual(Location.None, diagnostic.Location);
        return diagnostic;
    }
}
