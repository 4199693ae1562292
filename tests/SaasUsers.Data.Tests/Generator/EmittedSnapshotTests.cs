using Xunit;

namespace SaasUsers.Data.Tests.Generator;

/// <summary>
/// The whole generated source of representative types, compared with committed snapshot files
/// (<c>Generator/Snapshots/*.verified.cs</c>): any change to emitted code fails until the new snapshot is accepted
/// (see <see cref="SnapshotFile"/>).
/// </summary>
public sealed class EmittedSnapshotTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using SaasUsers.Data;

        namespace Driver.Snapshots;

        """;

    public static TheoryData<string, string> Cases() => new()
    {
        {
            "Entity", """
            public enum Plan { Free, Pro }

            [DynamoEntity("ACCOUNT#{AccountId}", "ORDER#{PlacedAt}#{OrderId}", EntityType = "Order")]
            [DynamoIndex(1, "CUSTOMER#{CustomerEmail}", "ORDER#{PlacedAt}", Name = "ByCustomer")]
            [DynamoIndex(2, "PLAN#{Plan}", "{Total}")]
            public sealed partial record Order
            {
                public required string AccountId { get; init; }
                public required string OrderId { get; init; }
                public DateTimeOffset PlacedAt { get; init; }
                public string? CustomerEmail { get; init; }
                public Plan Plan { get; init; }
                public long Total { get; init; }
                public List<string> Lines { get; init; } = new();
                public Dictionary<string, string> Tags { get; init; } = new();
                [DynamoTimeToLive] public DateTimeOffset? ExpiresAt { get; init; }
                [DynamoVersion] public long Version { get; init; }
            }

            [DynamoEntity("ORDERREF#{OrderId}", "ORDERREF")]
            [DynamoOwnedBy(typeof(Order))]
            public sealed partial record OrderReference
            {
                public required string OrderId { get; init; }
                public required string AccountId { get; init; }
            }
            """
        },
        {
            "Document", """
            [DynamoDocument]
            public sealed partial class Address
            {
                public string? Street { get; set; }
                public int Number { get; set; }
                [DynamoAttributeName("zip")] public string? PostalCode { get; set; }
                [DynamoIgnore] public string Display => Street + " " + Number;
            }
            """
        },
        {
            "PositionalRecord", """
            [DynamoEntity("TEAM#{TeamId}", "MEMBER#{UserId}")]
            public sealed partial record TeamMember(string TeamId, string UserId, string? Role, [property: DynamoVersion] int Version);
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EmittedSource_OfTheCase_MatchesTheVerifiedSnapshot(string name, string source)
    {
        var outcome = GeneratorHarness.Run(Usings + source);
        Assert.Empty(outcome.GeneratorDiagnostics);

        var generated = outcome.Result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(generated);
        foreach (var file in generated)
        {
            SnapshotFile.Verify(name + "." + file.HintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal), file.SourceText.ToString());
        }
    }

    [Fact]
    public void Compare_ChangedText_FailsAndWritesTheReceivedFileUntilAccepted()
    {
        var directory = Directory.CreateTempSubdirectory("snapshots").FullName;
        try
        {
            Assert.NotNull(SnapshotFile.Compare(directory, "case", "one\n", accept: false));
            Assert.True(File.Exists(Path.Combine(directory, "case.received.cs")));
            Assert.NotNull(SnapshotFile.Compare(directory, "case", "one\n", accept: true));
            Assert.Null(SnapshotFile.Compare(directory, "case", "one\r\n", accept: false));
            Assert.False(File.Exists(Path.Combine(directory, "case.received.cs")));

            var changed = SnapshotFile.Compare(directory, "case", "two\n", accept: false);

            Assert.Contains("line 1", changed, StringComparison.Ordinal);
            Assert.Equal("two\n", File.ReadAllText(Path.Combine(directory, "case.received.cs")));
            Assert.Equal("one\n", File.ReadAllText(Path.Combine(directory, "case.verified.cs")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
