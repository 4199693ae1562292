using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>Issue 17, backfill in process: dry run, upgrades, failures reported per item, and bad input refused.</summary>
public sealed class BackfillTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DryRun_CountsWhatWouldChange_AndWritesNothing_NotEvenCheckpoints()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "bf-dry");
        await OldTableData.PutRawAsync(table.Client, table.Name, OldUsers(30), Cancel);
        var before = await TableContents.ScanAsync(table.Client, table.Name, Cancel);

        var result = await new TableBackfill(table.Entities).RunAsync(new BackfillPlan().Include<User>(), new BackfillOptions { DryRun = true, Segments = 2 }, cancellationToken: Cancel);

        Assert.True(result.DryRun);
        Assert.Equal(30, result.Progress.ItemsRewritten);
        Assert.Equal(30, result.Progress.ItemsMatched);
        var after = await TableContents.ScanAsync(table.Client, table.Name, Cancel);
        Assert.Equal(before.Select(TableContents.Describe).Order(), after.Select(TableContents.Describe).Order());
    }

    [Fact]
    public async Task Upgrade_RenamesAnOldAttribute_AndARunAgainRewritesNothing()
    {
        // Given users an older version stored with the e-mail under "mail"
        await using var table = await TestTable.CreateAsync(dynamoDb, "bf-rename");
        var old = OldUsers(12).Select(i =>
        {
            i["mail"] = i["Email"];
            i.Remove("Email");
            return i;
        }).ToList();
        await OldTableData.PutRawAsync(table.Client, table.Name, old, Cancel);
        var plan = new BackfillPlan().Include<User>(item =>
        {
            if (item.Remove("mail", out var mail))
            {
                item["Email"] = mail;
            }
        });

        // When backfilled with the upgrade, then again under another name
        var progress = new List<BackfillProgress>();
        var first = await new TableBackfill(table.Entities).RunAsync(plan, new BackfillOptions { RunName = "rename" }, new SynchronousProgress<BackfillProgress>(progress.Add), Cancel);
        var second = await new TableBackfill(table.Entities).RunAsync(plan, new BackfillOptions { RunName = "rename-again" }, cancellationToken: Cancel);
        var again = await new TableBackfill(table.Entities).RunAsync(plan, new BackfillOptions { RunName = "rename" }, cancellationToken: Cancel);

        // Then each user has Email (not mail) and its index keys; the second run found nothing to do
        var users = (await TableContents.ScanAsync(table.Client, table.Name, Cancel)).Where(i => i["_type"].S == "User").ToList();
        Assert.All(users, u => Assert.False(u.ContainsKey("mail")));
        Assert.All(users, u => Assert.Equal("EMAIL#" + u["NormalizedEmail"].S, u["GSI1PK"].S));
        Assert.Equal(12, first.Progress.ItemsRewritten);
        Assert.Equal(0, second.Progress.ItemsRewritten);
        Assert.Equal(12, second.Progress.ItemsUnchanged);
        Assert.Equal(TimeSpan.Zero, progress[^1].EstimatedRemaining);

        // And the same name again is a finished run: it resumes to the end at once, with the first run's counts
        Assert.True(again.Resumed);
        Assert.Equal(12, again.Progress.ItemsRewritten);
    }

    [Fact]
    public async Task AnItemThatCannotBeDecoded_IsReportedByKey_AndTheOthersAreRewritten()
    {
        await using var table = await TestTable.CreateAsync(dynamoDb, "bf-fail");
        var old = OldUsers(5);
        old[2].Remove("NormalizedEmail");
        await OldTableData.PutRawAsync(table.Client, table.Name, old, Cancel);

        var result = await new TableBackfill(table.Entities).RunAsync(new BackfillPlan().Include<User>(), cancellationToken: Cancel);

        Assert.Equal(4, result.Progress.ItemsRewritten);
        Assert.Equal(1, result.Progress.ItemsFailed);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(new PrimaryKey("USER#f2", "USER"), failure.Key);
        Assert.Contains("NormalizedEmail", failure.Error, StringComparison.Ordinal);
        var broken = await table.Entities.GetItemAsync(failure.Key, consistentRead: true, Cancel);
        Assert.False(broken!.ContainsKey("GSI1PK"));
    }

    [Fact]
    public async Task BadInput_IsRefusedBeforeAnyRequest_AndAResumeWithOtherSegments_BeforeAnyWrite()
    {
        var log = new DynamoDbRequestLog();
        await using var table = await TestTable.CreateAsync(dynamoDb, "bf-bad", new DynamoDbClientOptions { RequestLog = log });
        await OldTableData.PutRawAsync(table.Client, table.Name, OldUsers(3), Cancel);
        var backfill = new TableBackfill(table.Entities);
        var plan = new BackfillPlan().Include<User>();
        log.Clear();

        Assert.Contains("includes no entity type", (await Assert.ThrowsAsync<ArgumentException>(() => backfill.RunAsync(new BackfillPlan(), cancellationToken: Cancel))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => backfill.RunAsync(plan, new BackfillOptions { Segments = 0 }, cancellationToken: Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => backfill.RunAsync(plan, new BackfillOptions { PageSize = 1001 }, cancellationToken: Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => backfill.RunAsync(plan, new BackfillOptions { CapacityUnitsPerSecond = 0 }, cancellationToken: Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => backfill.RunAsync(plan, new BackfillOptions { RunName = "" }, cancellationToken: Cancel));
        Assert.Throws<ArgumentException>(() => new BackfillPlan().Include<User>().Include<User>());
        Assert.Empty(log.Requests);

        // A run stopped with 2 segments cannot resume with 3: refused after reading the checkpoints, before any write
        await table.Entities.PutAsync(new BackfillCheckpoint { RunName = "stopped", Segment = 0, TotalSegments = 2, LastPartitionKey = "USER#f0", LastSortKey = "USER" }, Cancel);
        var before = await TableContents.ScanAsync(table.Client, table.Name, Cancel);
        log.Clear();
        var mismatch = await Assert.ThrowsAsync<InvalidOperationException>(() => backfill.RunAsync(plan, new BackfillOptions { RunName = "stopped", Segments = 3 }, cancellationToken: Cancel));
        Assert.Contains("was started with 2 segments", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal(["Query"], log.Operations);
        Assert.Equal(before.Select(TableContents.Describe).Order(), (await TableContents.ScanAsync(table.Client, table.Name, Cancel)).Select(TableContents.Describe).Order());
    }

    private static List<Dictionary<string, AttributeValue>> OldUsers(int count) =>
        Enumerable.Range(0, count).Select(i => OldTableData.WithoutIndexAttributes(User.Mapper.ToItem(new User
        {
            UserId = $"f{i}",
            Email = $"F{i}@Example.com",
            NormalizedEmail = $"f{i}@example.com",
            SignUpMonth = "2025-03",
            CreatedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
            Version = 1,
        }))).ToList();
}
