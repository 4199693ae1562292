using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

public sealed class EntityTableQueryTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueryAsync_OfACollection_DecodesMixedEntityTypesByTheirStoredType()
    {
        // Given a partition with a project, two notes and an item of a type the model does not know
        using var scope = fixture.CreateTable();
        var org = NewOrg();
        await scope.Table.CreateAsync(EntityTableCrudTests.NewProject() with { OrgId = org }, Cancel);
        await scope.Table.PutAsync(new Note { OrgId = org, NoteId = "n1", CreatedAt = At(1), Text = "first" }, Cancel);
        await scope.Table.PutAsync(new Note { OrgId = org, NoteId = "n2", CreatedAt = At(2), Text = "second" }, Cancel);
        await scope.Client.PutItemAsync(scope.Table.TableName, new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = Project.CreatePartitionKey(org) },
            ["SK"] = new() { S = "WIDGET#1" },
            ["_type"] = new() { S = "FutureWidget" },
        }, Cancel);

        // When
        var page = await scope.Table.QueryAsync(new ItemQuery(Project.CreatePartitionKey(org)) { ConsistentRead = true }, Cancel);

        // Then
        Assert.Single(page.OfType<Project>());
        Assert.Equal(["first", "second"], page.OfType<Note>().Select(n => n.Text));
        Assert.Equal("FutureWidget", Assert.Single(page.OfType<UnknownItem>()).EntityType);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task QueryAsyncOfT_WithoutSortKeyCondition_ReadsOnlyThatEntitysPrefix()
    {
        using var scope = fixture.CreateTable();
        var org = NewOrg();
        await scope.Table.CreateAsync(EntityTableCrudTests.NewProject() with { OrgId = org }, Cancel);
        await scope.Table.PutAsync(new Note { OrgId = org, NoteId = "n1", CreatedAt = At(1) }, Cancel);

        var notes = await scope.Table.QueryAsync<Note>(new ItemQuery(Note.CreatePartitionKey(org)) { ConsistentRead = true }, Cancel);

        Assert.Single(notes.Items);
    }

    [Fact]
    public async Task QueryAsync_WithASortKeyRangeAndDescending_ReturnsThatRangeNewestFirst()
    {
        using var scope = fixture.CreateTable();
        var org = NewOrg();
        for (var day = 1; day <= 10; day++)
        {
            await scope.Table.PutAsync(new Note { OrgId = org, NoteId = "n" + day, CreatedAt = At(day), Text = day.ToString(System.Globalization.CultureInfo.InvariantCulture) }, Cancel);
        }

        var page = await scope.Table.QueryAsync<Note>(new ItemQuery(Note.CreatePartitionKey(org))
        {
            SortKey = SortKeyCondition.Between("NOTE#" + global::SaasUsers.Data.Mapping.KeyComponent.Format(At(3)), "NOTE#" + global::SaasUsers.Data.Mapping.KeyComponent.Format(At(6)) + "#~"),
            Descending = true,
            ConsistentRead = true,
        }, Cancel);

        Assert.Equal(["6", "5", "4", "3"], page.Items.Select(n => n.Text));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paging_AcrossManyPages_ReturnsEveryItemOnceInOrder_OneQueryAPage(bool descending)
    {
        // Given 250 notes and a page size of 7 (36 pages)
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var org = NewOrg();
        var batch = new BatchWriteBuilder();
        for (var i = 0; i < 250; i++)
        {
            batch.Put(new Note { OrgId = org, NoteId = $"n{i:D3}", CreatedAt = At(1).AddSeconds(i), Text = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        await scope.Table.BatchWriteAsync(batch, Cancel);
        log.Clear();

        // When every page is read with the cursor of the page before
        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await scope.Table.QueryAsync<Note>(new ItemQuery(Note.CreatePartitionKey(org)) { PageSize = 7, Descending = descending, Cursor = cursor }, Cancel);
            seen.AddRange(page.Items.Select(n => n.NoteId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        // Then no item is lost or repeated, and each page was one Query
        var expected = Enumerable.Range(0, 250).Select(i => $"n{i:D3}");
        Assert.Equal(descending ? expected.Reverse() : expected, seen);
        Assert.Equal(pages, log.CountOf("Query"));
        Assert.Equal(pages, log.Count);
        Assert.InRange(pages, 36, 37);
    }

    [Fact]
    public async Task QueryAllAsync_StreamsEveryPage()
    {
        using var scope = fixture.CreateTable();
        var org = NewOrg();
        var batch = new BatchWriteBuilder();
        for (var i = 0; i < 40; i++)
        {
            batch.Put(new Note { OrgId = org, NoteId = $"n{i:D2}", CreatedAt = At(1).AddMinutes(i) });
        }

        await scope.Table.BatchWriteAsync(batch, Cancel);

        var all = new List<object>();
        await foreach (var item in scope.Table.QueryAllAsync(new ItemQuery(Note.CreatePartitionKey(org)) { PageSize = 6 }, Cancel))
        {
            all.Add(item);
        }

        Assert.Equal(40, all.OfType<Note>().Select(n => n.NoteId).Distinct().Count());
    }

    [Fact]
    public async Task QueryAsync_WithTamperedCursor_ThrowsInvalidCursorBeforeAnyRequest()
    {
        // Given a real cursor with one character changed
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var org = await SeedNotesAsync(scope, 5);
        var query = new ItemQuery(Note.CreatePartitionKey(org)) { PageSize = 2 };
        var cursor = (await scope.Table.QueryAsync<Note>(query, Cancel)).NextCursor!;
        var tampered = cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..];
        log.Clear();

        // When
        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => scope.Table.QueryAsync<Note>(query with { Cursor = tampered }, Cancel));

        // Then
        Assert.Equal(InvalidCursorReason.Tampered, error.Reason);
        Assert.Equal("Cursor", error.ParamName);
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
        Assert.Empty(log.Operations);
    }

    [Fact]
    public async Task QueryAsync_WithCursorOfAnotherPartition_ThrowsForeignQuery()
    {
        using var scope = fixture.CreateTable();
        var orgA = await SeedNotesAsync(scope, 5);
        var orgB = await SeedNotesAsync(scope, 5);
        var cursorOfA = (await scope.Table.QueryAsync<Note>(new ItemQuery(Note.CreatePartitionKey(orgA)) { PageSize = 2 }, Cancel)).NextCursor!;

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() =>
            scope.Table.QueryAsync<Note>(new ItemQuery(Note.CreatePartitionKey(orgB)) { PageSize = 2, Cursor = cursorOfA }, Cancel));

        Assert.Equal(InvalidCursorReason.ForeignQuery, error.Reason);
    }

    [Fact]
    public async Task QueryAsync_WithCursorSignedByAnotherKey_ThrowsTampered()
    {
        using var scope = fixture.CreateTable();
        using var other = fixture.CreateTable(configure: o => o.CursorSigningKey = Convert.ToBase64String(new byte[32]));
        var org = await SeedNotesAsync(scope, 5);
        var query = new ItemQuery(Note.CreatePartitionKey(org)) { PageSize = 2 };
        var cursor = (await scope.Table.QueryAsync<Note>(query, Cancel)).NextCursor!;

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => other.Table.QueryAsync<Note>(query with { Cursor = cursor }, Cancel));

        Assert.Equal(InvalidCursorReason.Tampered, error.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(-5)]
    public async Task QueryAsync_WithPageSizeOutOfRange_ThrowsNamingPageSize(int pageSize)
    {
        using var scope = fixture.CreateTable();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scope.Table.QueryAsync(new ItemQuery("ORG#x") { PageSize = pageSize }, Cancel));

        Assert.Equal("PageSize", error.ParamName);
    }

    [Fact]
    public async Task QueryAsync_OfIndexWithConsistentRead_ThrowsNamingConsistentRead()
    {
        using var scope = fixture.CreateTable();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.Table.QueryAsync(new ItemQuery("OWNER#x") { Index = 1, ConsistentRead = true }, Cancel));

        Assert.Equal("ConsistentRead", error.ParamName);
    }

    private static async Task<string> SeedNotesAsync(TableScope scope, int count)
    {
        var org = NewOrg();
        var batch = new BatchWriteBuilder();
        for (var i = 0; i < count; i++)
        {
            batch.Put(new Note { OrgId = org, NoteId = "n" + i, CreatedAt = At(1).AddMinutes(i) });
        }

        await scope.Table.BatchWriteAsync(batch, Cancel);
        return org;
    }

    private static string NewOrg() => "org-" + Guid.NewGuid().ToString("N")[..8];

    private static DateTimeOffset At(int day) => new(2026, 1, day, 9, 0, 0, TimeSpan.Zero);
}
