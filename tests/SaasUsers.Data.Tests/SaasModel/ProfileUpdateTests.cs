using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 4: profile updates with optimistic concurrency (version).</summary>
public sealed class ProfileUpdateTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task UpdateProfileAsync_20ConcurrentWritersRetryingOnVersionConflict_LoseNoUpdate()
    {
        // Given: one user; 20 writers, each adding its own metadata entry
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"busy.{userId}@example.com", Metadata = new Dictionary<string, string> { ["origin"] = "signup" } }, cancellationToken);
        var conflicts = 0;

        // When: each reads, changes and saves; on a version conflict it reads again and retries. A conflict means
        // another writer's update got in after the read, and each writer gets in once, so 20 attempts always suffice.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async writer =>
        {
            await Task.Yield();
            for (var attempt = 1; attempt <= 20; attempt++)
            {
                var current = await saas.Users.GetAsync(userId, consistentRead: true, cancellationToken);
                var metadata = new Dictionary<string, string>(current!.Metadata) { [$"writer-{writer:D2}"] = $"attempt-{attempt}" };
                try
                {
                    return await saas.Users.UpdateProfileAsync(current with { Metadata = metadata }, cancellationToken);
                }
                catch (VersionConflictException conflict)
                {
                    Assert.Equal(current.Version, conflict.ExpectedVersion);
                    Interlocked.Increment(ref conflicts);
                }
            }

            throw new InvalidOperationException($"Writer {writer} did not get its update in after 20 attempts: a conflict was reported without another update getting in.");
        }));

        // Then: every writer's entry is there, and the version counts exactly 20 updates after the sign-up
        var final = await saas.Users.GetAsync(userId, consistentRead: true, cancellationToken);
        Assert.NotNull(final);
        var report = $"({conflicts} version conflicts were retried; final version {final.Version}, entries: {string.Join(", ", final.Metadata.Keys.Order(StringComparer.Ordinal))})";
        TestContext.Current.TestOutputHelper?.WriteLine("20 concurrent profile updates " + report);
        Assert.True(21 == final.Version, "The version must be 1 + 20 updates " + report);
        Assert.True(
            Enumerable.Range(0, 20).All(w => final.Metadata.ContainsKey($"writer-{w:D2}")) && final.Metadata.ContainsKey("origin") && final.Metadata.Count == 21,
            "No update may be lost " + report);
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), results.Select(r => r.Version).Order());
        // Every attempt is one read and one conditional write: 20 that won plus one per conflict counted.
        Assert.True(20 + conflicts == saas.Log.CountOf("UpdateItem"), $"UpdateItem requests: {saas.Log.CountOf("UpdateItem")} " + report);
        Assert.True(20 + conflicts + 1 == saas.Log.CountOf("GetItem"), $"GetItem requests: {saas.Log.CountOf("GetItem")} " + report);
    }

    [Fact]
    public async Task UpdateProfileAsync_WithStaleVersion_ThrowsVersionConflictAndKeepsStoredUser()
    {
        // Given: a user changed by someone else after we read it
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var read = await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"stale.{userId}@example.com" }, cancellationToken);
        await saas.Users.UpdateProfileAsync(read with { DisplayName = "First writer" }, cancellationToken);
        var before = await TableContents.GetAsync(table, User.CreateKey(userId), cancellationToken);

        // When
        var error = await Assert.ThrowsAsync<VersionConflictException>(
            () => saas.Users.UpdateProfileAsync(read with { DisplayName = "Second writer" }, cancellationToken));

        // Then
        Assert.Equal(1, error.ExpectedVersion);
        Assert.Equal(2, error.ActualVersion);
        var after = await TableContents.GetAsync(table, User.CreateKey(userId), cancellationToken);
        Assert.Equal(TableContents.Describe(before!), TableContents.Describe(after!));
    }

    [Fact]
    public async Task UpdateProfileAsync_OfMissingUser_ThrowsItemNotFoundAndCreatesNothing()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var ghost = new User { UserId = userId, Email = "ghost@example.com", NormalizedEmail = "ghost@example.com", SignUpMonth = "2026-01", Version = 1 };

        // When
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Users.UpdateProfileAsync(ghost, cancellationToken));

        // Then
        Assert.Null(await TableContents.GetAsync(table, User.CreateKey(userId), cancellationToken));
    }

    [Fact]
    public async Task UpdateProfileAsync_ChangesProfileFieldsOnlyAndBumpsVersion()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero));
        await using var saas = SaasServices.Create(table, time);
        var userId = Guid.NewGuid().ToString("N");
        var created = await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"edit.{userId}@example.com" }, cancellationToken);
        time.Advance(TimeSpan.FromMinutes(5));

        // When: the caller also changes the e-mail on its copy, which UpdateProfileAsync must not save
        var updated = await saas.Users.UpdateProfileAsync(
            created with { DisplayName = "Edited", Status = UserStatus.Suspended, Metadata = new Dictionary<string, string> { ["k"] = "v" }, Email = "sneaky@example.com" },
            cancellationToken);

        // Then
        var stored = await saas.Users.GetAsync(userId, consistentRead: true, cancellationToken);
        Assert.NotNull(stored);
        Assert.Equal("Edited", stored.DisplayName);
        Assert.Equal(UserStatus.Suspended, stored.Status);
        Assert.Equal("v", Assert.Single(stored.Metadata).Value);
        Assert.Equal(created.Email, stored.Email);
        Assert.Equal(created.CreatedAt, stored.CreatedAt);
        Assert.Equal(time.GetUtcNow(), stored.UpdatedAt);
        Assert.Equal(2, stored.Version);
        Assert.Equal(stored.Version, updated.Version);
        Assert.Equal(created.Email, updated.Email);
    }
}
