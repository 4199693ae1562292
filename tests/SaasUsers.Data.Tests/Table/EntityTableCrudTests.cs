using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

public sealed class EntityTableCrudTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_OfAnItemThatFitsOnlyWithoutTheWriteToken_ThrowsAndSendsNothing()
    {
        // Given a note whose item is exactly one byte short of what the write token (_wt, 16 characters) needs
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var note = new Note { OrgId = "org-size", NoteId = "n1", CreatedAt = DateTimeOffset.UnixEpoch };
        const int tokenBytes = 3 + 16;
        var padding = ItemSize.MaxItemBytes - tokenBytes + 1 - ItemSize.Measure(Note.Mapper.ToItem(note));
        note = note with { Text = new string('x', padding) };

        // When a conditional create would carry the token, and a batch put would not
        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.Table.CreateAsync(note, Cancel));
        var batch = new BatchWriteBuilder().Put(note);

        // Then the create is refused before any request, naming the size; the batch put (no token) accepts it
        Assert.Equal("entity", error.ParamName);
        Assert.Contains($"{ItemSize.MaxItemBytes + 1:N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(log.Operations);
        Assert.Equal(1, batch.Count);
        Assert.Equal(ItemSize.MaxItemBytes - tokenBytes + 1, ItemSize.Measure(Note.Mapper.ToItem(note)));
    }

    [Fact]
    public async Task CreateAsync_ThenGetAsync_RoundTripsTheEntityAtVersionOne_InOneRequestEach()
    {
        // Given
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var project = NewProject();

        // When
        var created = await scope.Table.CreateAsync(project, Cancel);
        var read = await scope.Table.GetAsync<Project>(Project.CreateKey(project.OrgId, project.ProjectId), consistentRead: true, Cancel);

        // Then
        Assert.Equal(1, created.Version);
        Assert.NotNull(read);
        Assert.Equal(created with { Tags = read.Tags }, read);
        Assert.Equal(project.Tags, read.Tags);
        Assert.Equal(["PutItem", "GetItem"], log.Operations);
    }

    [Fact]
    public async Task CreateAsync_OfExistingKey_ThrowsItemAlreadyExistsAndKeepsTheStoredItem()
    {
        using var scope = fixture.CreateTable();
        var project = await scope.Table.CreateAsync(NewProject(), Cancel);

        var error = await Assert.ThrowsAsync<ItemAlreadyExistsException>(() => scope.Table.CreateAsync(project with { Name = "other" }, Cancel));

        Assert.Equal(Project.CreateKey(project.OrgId, project.ProjectId), error.Key);
        var stored = await scope.Table.GetAsync<Project>(error.Key, true, Cancel);
        Assert.Equal(project.Name, stored!.Name);
    }

    [Fact]
    public async Task GetAsync_OfMissingKey_ReturnsNull()
    {
        using var scope = fixture.CreateTable();

        Assert.Null(await scope.Table.GetAsync<Project>(Project.CreateKey("org-none", "p-none"), true, Cancel));
    }

    [Fact]
    public async Task GetAsync_AsAnotherEntityTypeAtTheKey_ReturnsNull()
    {
        using var scope = fixture.CreateTable();
        var project = await scope.Table.CreateAsync(NewProject(), Cancel);

        // A Note key built to collide with the project's key is still not read as a project, and vice versa.
        var asNote = await scope.Table.GetAsync<Note>(Project.CreateKey(project.OrgId, project.ProjectId), true, Cancel);

        Assert.Null(asNote);
    }

    [Fact]
    public async Task PutAsync_WithCurrentVersion_StoresTheNextVersion()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject(), Cancel);

        var saved = await scope.Table.PutAsync(created with { Name = "renamed" }, Cancel);

        Assert.Equal(2, saved.Version);
        var stored = await scope.Table.GetAsync<Project>(Project.CreateKey(created.OrgId, created.ProjectId), true, Cancel);
        Assert.Equal("renamed", stored!.Name);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task PutAsync_WithStaleVersion_ThrowsVersionConflictNamingBothVersionsAndWritesNothing()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject(), Cancel);
        await scope.Table.PutAsync(created with { Name = "first writer" }, Cancel);

        var error = await Assert.ThrowsAsync<VersionConflictException>(() => scope.Table.PutAsync(created with { Name = "second writer" }, Cancel));

        Assert.Equal(1, error.ExpectedVersion);
        Assert.Equal(2, error.ActualVersion);
        var stored = await scope.Table.GetAsync<Project>(Project.CreateKey(created.OrgId, created.ProjectId), true, Cancel);
        Assert.Equal("first writer", stored!.Name);
    }

    [Fact]
    public async Task PutAsync_OfVersionedEntityThatWasDeleted_ThrowsItemNotFoundAndDoesNotRecreateIt()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject(), Cancel);
        var key = Project.CreateKey(created.OrgId, created.ProjectId);
        await scope.Table.DeleteAsync<Project>(key, cancellationToken: Cancel);

        await Assert.ThrowsAsync<ItemNotFoundException>(() => scope.Table.PutAsync(created with { Name = "zombie" }, Cancel));

        Assert.Null(await scope.Table.GetAsync<Project>(key, true, Cancel));
    }

    [Fact]
    public async Task PutAsync_OfUnversionedEntity_CreatesOrReplaces()
    {
        using var scope = fixture.CreateTable();
        var note = new Note { OrgId = "org-put", NoteId = "n1", CreatedAt = DateTimeOffset.UnixEpoch, Text = "one" };

        await scope.Table.PutAsync(note, Cancel);
        await scope.Table.PutAsync(note with { Text = "two" }, Cancel);

        var stored = await scope.Table.GetAsync<Note>(Note.CreateKey(note.OrgId, note.CreatedAt, note.NoteId), true, Cancel);
        Assert.Equal("two", stored!.Text);
    }

    [Fact]
    public async Task UpdateAsync_SetsRemovesIncrementsBumpsVersionAndRebuildsTheIndexKey_InOneRequest()
    {
        // Given
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var created = await scope.Table.CreateAsync(NewProject() with { OwnerEmail = "old@example.com", Stars = 3 }, Cancel);
        var key = Project.CreateKey(created.OrgId, created.ProjectId);
        log.Clear();

        // When
        var updated = await scope.Table.UpdateAsync<Project>(key, u => u
            .Set(Project.Fields.Name, "updated")
            .Set(Project.Fields.OwnerEmail, "new@example.com")
            .Remove(Project.Fields.ExpiresAt)
            .Increment(Project.Fields.Stars, 2)
            .ExpectVersion(1), Cancel);

        // Then
        Assert.Equal(["UpdateItem"], log.Operations);
        Assert.Equal("updated", updated.Name);
        Assert.Equal(5, updated.Stars);
        Assert.Null(updated.ExpiresAt);
        Assert.Equal(2, updated.Version);
        var byNewOwner = await scope.Table.QueryAsync<Project>(new ItemQuery("OWNER#new@example.com") { Index = 1 }, Cancel);
        var byOldOwner = await scope.Table.QueryAsync<Project>(new ItemQuery("OWNER#old@example.com") { Index = 1 }, Cancel);
        Assert.Equal(created.ProjectId, Assert.Single(byNewOwner.Items).ProjectId);
        Assert.Empty(byOldOwner.Items);
    }

    [Fact]
    public async Task UpdateAsync_SettingSparseIndexAttributeToNull_TakesTheItemOutOfTheIndex()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject() with { OwnerEmail = "sparse@example.com" }, Cancel);

        await scope.Table.UpdateAsync<Project>(Project.CreateKey(created.OrgId, created.ProjectId), u => u.Set(Project.Fields.OwnerEmail, null), Cancel);

        var page = await scope.Table.QueryAsync<Project>(new ItemQuery("OWNER#sparse@example.com") { Index = 1 }, Cancel);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task UpdateAsync_OfMissingItem_ThrowsItemNotFoundAndCreatesNothing()
    {
        using var scope = fixture.CreateTable();
        var key = Project.CreateKey("org-missing", "p-missing");

        await Assert.ThrowsAsync<ItemNotFoundException>(() => scope.Table.UpdateAsync<Project>(key, u => u.Set(Project.Fields.Name, "x"), Cancel));

        Assert.Empty(await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, key.PartitionKey, Cancel));
    }

    [Fact]
    public async Task UpdateAsync_WithStaleVersion_ThrowsVersionConflictAndChangesNothing()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject(), Cancel);
        var key = Project.CreateKey(created.OrgId, created.ProjectId);

        var error = await Assert.ThrowsAsync<VersionConflictException>(() =>
            scope.Table.UpdateAsync<Project>(key, u => u.Set(Project.Fields.Name, "late").ExpectVersion(7), Cancel));

        Assert.Equal(1, error.ActualVersion);
        Assert.Equal(created.Name, (await scope.Table.GetAsync<Project>(key, true, Cancel))!.Name);
    }

    [Fact]
    public async Task UpdateAsync_WhoseConditionFails_ThrowsConditionFailedAndChangesNothing()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject() with { Stars = 1 }, Cancel);
        var key = Project.CreateKey(created.OrgId, created.ProjectId);

        var error = await Assert.ThrowsAsync<ConditionFailedException>(() =>
            scope.Table.UpdateAsync<Project>(key, u => u.Set(Project.Fields.Name, "starred").When(ItemCondition.GreaterThan(Project.Fields.Stars, 10)), Cancel));

        Assert.IsType<ConditionFailedException>(error);
        Assert.Equal(created.Name, (await scope.Table.GetAsync<Project>(key, true, Cancel))!.Name);
    }

    [Fact]
    public async Task DeleteAsync_ReturnsTheDeletedEntity_AndAMissingOneThrowsItemNotFound()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject(), Cancel);
        var key = Project.CreateKey(created.OrgId, created.ProjectId);

        var deleted = await scope.Table.DeleteAsync<Project>(key, expectedVersion: 1, cancellationToken: Cancel);
        var again = await Assert.ThrowsAsync<ItemNotFoundException>(() => scope.Table.DeleteAsync<Project>(key, cancellationToken: Cancel));

        Assert.Equal(created.Name, deleted.Name);
        Assert.Equal(key, again.Key);
        Assert.Null(await scope.Table.GetAsync<Project>(key, true, Cancel));
    }

    [Fact]
    public async Task DeleteAsync_WithStaleVersion_ThrowsVersionConflictAndKeepsTheItem()
    {
        using var scope = fixture.CreateTable();
        var created = await scope.Table.CreateAsync(NewProject(), Cancel);
        var key = Project.CreateKey(created.OrgId, created.ProjectId);

        await Assert.ThrowsAsync<VersionConflictException>(() => scope.Table.DeleteAsync<Project>(key, expectedVersion: 5, cancellationToken: Cancel));

        Assert.NotNull(await scope.Table.GetAsync<Project>(key, true, Cancel));
    }

    [Fact]
    public async Task CreateAsync_OfItemOver400KB_ThrowsBeforeAnyRequestAndWritesNothing()
    {
        var log = new DynamoDbRequestLog();
        using var scope = fixture.CreateTable(new DynamoDbClientOptions { RequestLog = log });
        var project = NewProject() with { Name = new string('x', 401 * 1024) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.Table.CreateAsync(project, Cancel));

        Assert.Equal("entity", error.ParamName);
        Assert.Empty(log.Operations);
        Assert.Empty(await TableContents.PartitionAsync(scope.Client, scope.Table.TableName, Project.CreatePartitionKey(project.OrgId), Cancel));
    }

    [Fact]
    public async Task Keys_WithTheDelimiterInAnId_CannotReachAnotherItem()
    {
        // Given a project, and an attacker-chosen org id that would spell the project's key if not escaped.
        using var scope = fixture.CreateTable();
        var victim = await scope.Table.CreateAsync(NewProject() with { OrgId = "acme", ProjectId = "secret" }, Cancel);

        // When a "project" of org "acme#PROJECT" is created and read
        var forged = await scope.Table.CreateAsync(NewProject() with { OrgId = "acme#PROJECT", ProjectId = "secret" }, Cancel);

        // Then the two are different items, and the victim is unchanged.
        Assert.NotEqual(Project.CreateKey(victim.OrgId, victim.ProjectId), Project.CreateKey(forged.OrgId, forged.ProjectId));
        Assert.Equal("ORG#acme%23PROJECT", Project.CreatePartitionKey(forged.OrgId));
        var stored = await scope.Table.GetAsync<Project>(Project.CreateKey("acme", "secret"), true, Cancel);
        Assert.NotNull(stored);
        Assert.Equal(victim, stored with { Tags = victim.Tags });
    }

    internal static Project NewProject() => new()
    {
        OrgId = "org-" + Guid.NewGuid().ToString("N")[..8],
        ProjectId = "p-" + Guid.NewGuid().ToString("N")[..8],
        Name = "Apollo",
        Tags = ["space", "moon"],
        // Time to live is stored in whole seconds.
        ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds()),
    };
}
