using Microsoft.CodeAnalysis;
using Xunit;

namespace SaasUsers.Data.Tests.Generator;

/// <summary>The generated code compiles without errors or warnings (including CS1591 and nullable warnings).</summary>
public sealed class GeneratedCodeCompilesTests
{
    // The input file silences its own missing docs; the generated files are still checked for CS1591.
    private const string RichSource = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using SaasUsers.Data;

        namespace Driver.Rich;

        public enum Tier { Free, Pro, Enterprise = 5, Premium = 5, @class }

        [DynamoDocument]
        public sealed partial record Money(decimal Amount, string Currency);

        [DynamoDocument]
        public sealed partial class Address
        {
            public string Street { get; set; } = "";
            public string? Zip { get; set; }
            public Money? Balance { get; set; }
        }

        [DynamoEntity("ACC#{AccountId}", "USER#{UserId}#{Joined}", EntityType = "Account")]
        [DynamoIndex(1, "EMAIL#{Email}", "ACC#{AccountId}")]
        [DynamoIndex(2, "TIER#{Tier}", "AT#{Joined}#{Number}#{Big}")]
        [DynamoIndex(20, "ORG#{OrgId}", "N#{MaybeNumber}")]
        public sealed partial class Account
        {
            public required string AccountId { get; init; }
            public required Guid UserId { get; init; }
            public DateTimeOffset Joined { get; init; }
            public string? Email { get; set; }
            public Guid? OrgId { get; set; }
            public Tier Tier { get; set; }
            public Tier? MaybeTier { get; set; }
            public int Number { get; set; }
            public int? MaybeNumber { get; set; }
            public long Big { get; set; }
            public decimal Price { get; set; }
            public double Ratio { get; set; }
            public double? MaybeRatio { get; set; }
            public bool Flag { get; set; }
            public bool? MaybeFlag { get; set; }
            public string Name { get; private set; } = "";
            public string? @class { get; set; }
            [DynamoTimeToLive] public DateTimeOffset? Expires { get; set; }
            [DynamoVersion] public long Version { get; set; }
            public List<string> Tags { get; set; } = new();
            public List<string?>? LooseTags { get; set; }
            public IReadOnlyList<Tier> Tiers { get; set; } = Array.Empty<Tier>();
            public int[] Numbers { get; set; } = Array.Empty<int>();
            public IEnumerable<Guid>? Links { get; set; }
            public HashSet<string> Roles { get; set; } = new();
            public IReadOnlySet<string>? Scopes { get; set; }
            public Dictionary<string, Money> Wallet { get; set; } = new();
            public IDictionary<string, Tier>? TierByRegion { get; set; }
            public required Address Home { get; set; }
            public Address? Work { get; set; }
            public List<Address> Past { get; set; } = new();
            [DynamoAttributeName("legacy")] public string? Legacy { get; set; }
            [DynamoIgnore] public object? Anything { get; set; }
            [DynamoIgnore] public required string Scratch { get; set; }
            public required int RequiredField;
            public string Computed => AccountId + Name;
        }

        [DynamoEntity("ORDER#{OrderId}", "ORDER")]
        public sealed partial record Order(string OrderId, [property: DynamoVersion] int Version, Tier Tier)
        {
            public Account? Owner { get; init; }
        }

        public static partial class Outer
        {
            internal partial record struct Holder
            {
                [DynamoEntity("N#{Id}", "N")]
                internal sealed partial class Nested
                {
                    public Nested(string id, int count) { Id = id; Count = count; }
                    public string Id { get; }
                    public int Count { get; }
                    public string? Extra { get; set; }
                }
            }
        }
        """;

    private const string GlobalNamespaceSource = """
        #pragma warning disable CS1591
        [SaasUsers.Data.DynamoEntity("G#{Key}", "G")]
        public partial class InGlobalNamespace
        {
            public string Key { get; set; } = "";
        }

        [SaasUsers.Data.DynamoEntity("D#{Key}", "D")]
        public partial class DerivedEntity : InGlobalNamespace
        {
            public int Extra { get; set; }
        }
        """;

    [Fact]
    public void GeneratedCode_RichEntities_CompilesWithoutErrorsOrWarnings()
    {
        var outcome = GeneratorHarness.Run(RichSource);

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.True(outcome.CompilationProblems.Count == 0, GeneratorOutcome.Describe(outcome.CompilationProblems));
        Assert.Equal(
            ["Driver.Rich.Account.g.cs", "Driver.Rich.Address.g.cs", "Driver.Rich.Money.g.cs", "Driver.Rich.Order.g.cs", "Driver.Rich.Outer.Holder.Nested.g.cs"],
            outcome.Result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GeneratedCode_GlobalNamespaceAndDerivedEntities_CompilesWithoutErrorsOrWarnings()
    {
        var outcome = GeneratorHarness.Run(GlobalNamespaceSource);

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.True(outcome.CompilationProblems.Count == 0, GeneratorOutcome.Describe(outcome.CompilationProblems));
        Assert.Contains("public static new global::SaasUsers.Data.Mapping.EntityMapper<global::DerivedEntity> Mapper", outcome.GeneratedSource("DerivedEntity.g.cs"), StringComparison.Ordinal);
    }

    private const string ConstructionSource = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using Amazon.DynamoDBv2.Model;
        using SaasUsers.Data;
        using SaasUsers.Data.Mapping;

        namespace Driver.Construction;

        // A required property passed to a constructor without [SetsRequiredMembers] is also set in the initializer.
        [DynamoEntity("A#{Id}", "A")]
        public sealed partial class RequiredThroughConstructor
        {
            public RequiredThroughConstructor(string id) => Id = id;
            public required string Id { get; init; }
            [DynamoVersion] public int Version { get; set; }
        }

        [DynamoEntity("B#{Id}", "B")]
        public sealed partial class SetsRequired
        {
            [SetsRequiredMembers]
            public SetsRequired(string id, long version) { Id = id; Version = version; }
            public required string Id { get; init; }
            [DynamoVersion] public required long Version { get; init; }
        }

        // A private parameterless constructor wins over the public one.
        [DynamoEntity("C#{Id}", "C")]
        public sealed partial class PrivateParameterless
        {
            private PrivateParameterless() { }
            public PrivateParameterless(string id) => Id = id;
            public string Id { get; private set; } = "";
        }

        // A hand-written document, used like a generated one.
        public sealed class HandWritten : IDynamoDocument<HandWritten>
        {
            public string Text { get; set; } = "";
            public static Dictionary<string, AttributeValue> ToMap(HandWritten value) => new() { ["t"] = new AttributeValue { S = value.Text } };
            public static HandWritten FromMap(Dictionary<string, AttributeValue> map) => new() { Text = map["t"].S };
        }

        [DynamoDocument]
        public partial class BaseDocument { public string? Name { get; set; } }

        [DynamoDocument]
        public sealed partial class DerivedDocument : BaseDocument
        {
            public HandWritten? Extra { get; set; }
            public List<DerivedDocument>? Children { get; set; }
        }

        [DynamoEntity("D#{Id}", "D")]
        public sealed partial record DerivedRecord(string Id, [property: DynamoIgnore] string? Note) : BaseRecord(Id);

        public abstract record BaseRecord(string Id);
        """;

    [Fact]
    public void GeneratedCode_ConstructionVariants_CompilesWithoutErrorsOrWarnings()
    {
        var outcome = GeneratorHarness.Run(ConstructionSource);

        // DerivedRecord cannot be built: its constructor takes the ignored Note.
        Assert.Equal(["SUD012"], outcome.GeneratorDiagnostics.Select(d => d.Id));
        Assert.True(outcome.CompilationProblems.Count == 0, GeneratorOutcome.Describe(outcome.CompilationProblems));
        Assert.Contains("public static new global::Driver.Construction.DerivedDocument FromMap(", outcome.GeneratedSource("Driver.Construction.DerivedDocument.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_TypesWithoutTheAttributes_GetNoCode()
    {
        var outcome = GeneratorHarness.Run("""
            namespace Driver.Plain;
            public sealed partial class NotAnEntity { public string Id { get; set; } = ""; }
            public sealed partial record AlsoNot(string Id);
            """);

        Assert.Empty(outcome.Result.GeneratedSources);
        Assert.Empty(outcome.GeneratorDiagnostics);
    }
}
