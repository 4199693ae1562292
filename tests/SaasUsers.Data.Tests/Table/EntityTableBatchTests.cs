using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

public sealed class EntityTableBatchTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BatchWriteAsync_Of130Puts_SendsSixRequestsAndWritesEveryItem()
    {
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var notes = Notes.New(130);

        await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);

        Assert.Equal(6, log.CountOf("BatchWriteItem"));
        var stored = await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Note.CreatePartitionKey(notes[0].OrgId), Cancel);
        Assert.Equal(130, stored.Count);
    }

    [Fact]
    public async Task BatchGetAsync_Of230Keys_SendsThreeRequestsAndReturnsTheItemsThatExist()
    {
        // Given 200 stored notes and 30 keys without an item
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var notes = Notes.New(200);
        await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);
        var keys = notes.Select(Note.Mapper.GetKey).Concat(Enumerable.Range(0, 30).Select(i => Note.CreateKey("org-none", DateTimeOffset.UnixEpoch, "missing" + i))).ToList();
        log.Clear();

        // When
        var items = await scope.Table.BatchGetAsync(keys, consistentRead: true, Cancel);

        // Then
        Assert.Equal(3, log.CountOf("BatchGetItem"));
        Assert.Equal(notes.Select(n => n.NoteId).Order(), items.Cast<Note>().Select(n => n.NoteId).Order());
    }

    [Fact]
    public async Task BatchWriteAsync_OfDeletes_RemovesTheItems()
    {
        using var scope = fixture.CreateTable();
        var notes = Notes.New(40);
        await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);
        var deletes = new BatchWriteBuilder();
        foreach (var note in notes.Take(30))
        {
            deletes.Delete(Note.Mapper.GetKey(note));
        }

        await scope.Table.BatchWriteAsync(deletes, Cancel);

        var stored = await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Note.CreatePartitionKey(notes[0].OrgId), Cancel);
        Assert.Equal(10, stored.Count);
    }

    [Fact]
    public async Task BatchWriteAsync_WhenDynamoDbLeavesItemsUnprocessed_RetriesUntilEveryItemIsWritten()
    {
        // Given DynamoDB answering the first three batch writes with half the items unprocessed
        var log = new DynamoDbRequestLog();
        var faults = new DynamoDbFaultInjector().UnprocessedItems("BatchWriteItem", times: 3);
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log, Faults = faults });
        var notes = Notes.New(50);

        // When
        await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);

        // Then every item is stored, and the retries were really sent
        Assert.Equal(3, faults.Injected);
        Assert.True(log.CountOf("BatchWriteItem") > 2, $"Expected retries beyond the 2 chunks; sent {log.CountOf("BatchWriteItem")}.");
        var stored = await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Note.CreatePartitionKey(notes[0].OrgId), Cancel);
        Assert.Equal(50, stored.Count);
    }

    [Fact]
    public async Task BatchWriteAsync_PastTheRetryLimit_ThrowsListingExactlyTheKeysLeftUnwritten()
    {
        // Given DynamoDB leaving half of every batch unprocessed, more often than the client retries
        var faults = new DynamoDbFaultInjector().UnprocessedItems("BatchWriteItem", times: 100);
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { Faults = faults }, o => o.MaxBatchAttempts = 3);
        var notes = Notes.New(8);

        // When
        var error = await Assert.ThrowsAsync<BatchIncompleteException>(() => scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel));

        // Then the exception names exactly the keys that are not in the table
        var stored = await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Note.CreatePartitionKey(notes[0].OrgId), Cancel);
        var storedKeys = stored.Select(i => new PrimaryKey(i["PK"].S, i["SK"].S)).ToHashSet();
        var allKeys = notes.Select(Note.Mapper.GetKey).ToHashSet();
        Assert.Equal(3, error.Attempts);
        Assert.NotEmpty(error.UnprocessedKeys);
        Assert.Equal(allKeys.Except(storedKeys).Order(), error.UnprocessedKeys.Order());
        Assert.Contains("unprocessed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchGetAsync_WhenDynamoDbLeavesKeysUnprocessed_RetriesAndReturnsEveryItem()
    {
        var faults = new DynamoDbFaultInjector();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { Faults = faults });
        var notes = Notes.New(20);
        await scope.Table.BatchWriteAsync(Notes.Puts(notes), Cancel);
        faults.UnprocessedItems("BatchGetItem", times: 2);

        var items = await scope.Table.BatchGetAsync(notes.Select(Note.Mapper.GetKey), consistentRead: true, Cancel);

        Assert.Equal(2, faults.Injected);
        Assert.Equal(20, items.Count);
    }

    [Fact]
    public void BatchWriteBuilder_WithTheSameKeyTwice_Throws()
    {
        var note = Notes.New(1)[0];
        var batch = new BatchWriteBuilder().Put(note);

        var error = Assert.Throws<ArgumentException>(() => batch.Delete(Note.Mapper.GetKey(note)));

        Assert.Equal("batch", error.ParamName);
    }

    [Fact]
    public async Task BatchGetAsync_WithTheSameKeyTwice_ThrowsBeforeAnyRequest()
    {
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var key = Note.CreateKey("org", DateTimeOffset.UnixEpoch, "n");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.Table.BatchGetAsync([key, key], cancellationToken: Cancel));

        Assert.Equal("keys", error.ParamName);
        Assert.Empty(log.Operations);
    }
}
