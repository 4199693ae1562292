using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

public sealed class EntityTableTransactionTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TransactWriteAsync_AppliesEveryActionInOneRequest()
    {
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var existing = await scope.Table.CreateAsync(EntityTableCrudTests.NewProject(), Cancel);
        var fresh = EntityTableCrudTests.NewProject() with { OrgId = existing.OrgId };
        var note = new Note { OrgId = existing.OrgId, NoteId = "n1", CreatedAt = DateTimeOffset.UnixEpoch };
        log.Clear();

        await scope.Table.TransactWriteAsync(new TransactionBuilder()
            .Create(fresh)
            .Update<Project>(Project.CreateKey(existing.OrgId, existing.ProjectId), u => u.Increment(Project.Fields.Stars, 1).ExpectVersion(1))
            .Put(note), Cancel);

        Assert.Equal(["TransactWriteItems"], log.Operations);
        Assert.Equal(1, (await scope.Table.GetAsync<Project>(Project.CreateKey(existing.OrgId, existing.ProjectId), true, Cancel))!.Stars);
        Assert.NotNull(await scope.Table.GetAsync<Project>(Project.CreateKey(fresh.OrgId, fresh.ProjectId), true, Cancel));
        Assert.NotNull(await scope.Table.GetAsync<Note>(Note.Mapper.GetKey(note), true, Cancel));
    }

    [Fact]
    public async Task TransactWriteAsync_WithOneFailingAction_WritesNothingAndSaysWhichActionFailedAndWhy()
    {
        // Given a stored project, and a transaction whose second action creates it again
        using var scope = fixture.CreateTable();
        var existing = await scope.Table.CreateAsync(EntityTableCrudTests.NewProject(), Cancel);
        var before = await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Project.CreatePartitionKey(existing.OrgId), Cancel);
        var newcomer = EntityTableCrudTests.NewProject() with { OrgId = existing.OrgId };

        // When
        var error = await Assert.ThrowsAsync<TransactionFailedException>(() => scope.Table.TransactWriteAsync(new TransactionBuilder()
            .Create(newcomer, "newcomer")
            .Create(existing with { Name = "duplicate" }, "duplicate")
            .Put(new Note { OrgId = existing.OrgId, NoteId = "n", CreatedAt = DateTimeOffset.UnixEpoch }, "note"), Cancel));

        // Then the table is exactly as before
        var failure = Assert.Single(error.Failures);
        Assert.Equal(1, failure.Index);
        Assert.Equal("duplicate", failure.Label);
        Assert.Equal(TransactionFailureReason.ItemAlreadyExists, failure.Reason);
        Assert.Equal("Apollo", failure.StoredItem!["Name"].S);
        Assert.Same(failure, error.FailureOf("duplicate"));
        var after = await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Project.CreatePartitionKey(existing.OrgId), Cancel);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Select(i => i["SK"].S).Order(), after.Select(i => i["SK"].S).Order());
        Assert.Equal("Apollo", after.Single()["Name"].S);
    }

    [Fact]
    public async Task TransactWriteAsync_WithStaleVersionOrMissingItem_ReportsEachReason()
    {
        using var scope = fixture.CreateTable();
        var existing = await scope.Table.CreateAsync(EntityTableCrudTests.NewProject(), Cancel);

        var error = await Assert.ThrowsAsync<TransactionFailedException>(() => scope.Table.TransactWriteAsync(new TransactionBuilder()
            .Update<Project>(Project.CreateKey(existing.OrgId, existing.ProjectId), u => u.Set(Project.Fields.Name, "x").ExpectVersion(9), "stale")
            .Check<Project>(Project.CreateKey(existing.OrgId, "p-none"), label: "missing"), Cancel));

        Assert.Equal(TransactionFailureReason.VersionConflict, error.FailureOf("stale")!.Reason);
        Assert.Equal(TransactionFailureReason.ItemNotFound, error.FailureOf("missing")!.Reason);
        Assert.Equal(existing.Name, (await scope.Table.GetAsync<Project>(Project.CreateKey(existing.OrgId, existing.ProjectId), true, Cancel))!.Name);
    }

    [Fact]
    public async Task TransactWriteAsync_CancelledForAConflict_IsRetriedAndApplied()
    {
        // DynamoDB Local never reports conflicts, so the fault injector plays the other transaction.
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector().CancelTransaction(["TransactionConflict"], times: 2);
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log, Faults = faults });
        var project = EntityTableCrudTests.NewProject();

        await scope.Table.TransactWriteAsync(new TransactionBuilder().Create(project), Cancel);

        Assert.Equal(3, log.CountOf("TransactWriteItems"));
        Assert.NotNull(await scope.Table.GetAsync<Project>(Project.CreateKey(project.OrgId, project.ProjectId), true, Cancel));
    }

    [Fact]
    public async Task TransactWriteAsync_CancelledForAConflictWithAFakeClockThatNeverMoves_RetriesWithoutStalling()
    {
        // Given a table whose TimeProvider is a test's fake clock (for timestamps), which nobody advances
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector().CancelTransaction(["TransactionConflict"], times: 2);
        using var client = fixture.CreateClient(new DynamoDbClientOptions { RequestLog = log, Faults = faults });
        var frozen = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var table = new EntityTable(client, fixture.Model, fixture.CreateOptions(), frozen);
        var project = EntityTableCrudTests.NewProject();

        // When the transaction is cancelled twice for a conflict (the back-off waits on real time, not on the fake clock)
        var write = table.TransactWriteAsync(new TransactionBuilder().Create(project), Cancel);
        var finished = await Task.WhenAny(write, Task.Delay(TimeSpan.FromMinutes(2), Cancel));

        // Then it was retried and applied
        Assert.Same(write, finished);
        await write;
        Assert.Equal(3, log.CountOf("TransactWriteItems"));
        Assert.NotNull(await table.GetAsync<Project>(Project.CreateKey(project.OrgId, project.ProjectId), true, Cancel));
    }

    [Fact]
    public async Task TransactWriteAsync_ConflictingPastTheRetryLimit_ThrowsTransactionConflictAndWritesNothing()
    {
        var faults = new DynamoDbFaultInjector().CancelTransaction(["TransactionConflict"], times: 10);
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { Faults = faults }, o => o.MaxTransactionAttempts = 3);
        var project = EntityTableCrudTests.NewProject();

        var error = await Assert.ThrowsAsync<TransactionFailedException>(() => scope.Table.TransactWriteAsync(new TransactionBuilder().Create(project), Cancel));

        Assert.Equal(3, faults.Injected);
        Assert.Equal(TransactionFailureReason.TransactionConflict, Assert.Single(error.Failures).Reason);
        Assert.Null(await scope.Table.GetAsync<Project>(Project.CreateKey(project.OrgId, project.ProjectId), true, Cancel));
    }

    [Fact]
    public async Task TransactWriteAsync_RepeatedWithTheSameClientRequestToken_AppliesOnce()
    {
        // Given a transaction that increments a counter, sent twice with one token (as an SDK retry after a lost answer would)
        using var scope = fixture.CreateTable();
        var project = await scope.Table.CreateAsync(EntityTableCrudTests.NewProject(), Cancel);
        var key = Project.CreateKey(project.OrgId, project.ProjectId);
        var token = Guid.NewGuid().ToString("N");

        // When
        for (var i = 0; i < 2; i++)
        {
            await scope.Table.TransactWriteAsync(
                new TransactionBuilder { ClientRequestToken = token }.Update<Project>(key, u => u.Increment(Project.Fields.Stars, 1)), Cancel);
        }

        // Then
        Assert.Equal(1, (await scope.Table.GetAsync<Project>(key, true, Cancel))!.Stars);
    }

    [Fact]
    public void TransactionBuilder_WithTwoActionsOnOneItem_Throws()
    {
        var project = EntityTableCrudTests.NewProject();
        var transaction = new TransactionBuilder().Create(project);

        var error = Assert.Throws<ArgumentException>(() => transaction.Delete<Project>(Project.CreateKey(project.OrgId, project.ProjectId)));

        Assert.Equal("transaction", error.ParamName);
    }

    [Fact]
    public void TransactionBuilder_WithMoreThan100Actions_Throws()
    {
        var transaction = new TransactionBuilder();
        var org = "org-many";
        for (var i = 0; i < 100; i++)
        {
            transaction.Put(new Note { OrgId = org, NoteId = "n" + i, CreatedAt = DateTimeOffset.UnixEpoch });
        }

        var error = Assert.Throws<ArgumentException>(() => transaction.Put(new Note { OrgId = org, NoteId = "n100", CreatedAt = DateTimeOffset.UnixEpoch }));

        Assert.Contains("100", error.Message, StringComparison.Ordinal);
    }
}
