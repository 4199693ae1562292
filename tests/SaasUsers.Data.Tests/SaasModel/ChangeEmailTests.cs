using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 5: changing a user's e-mail swaps the sentinel items atomically.</summary>
public sealed class ChangeEmailTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task ChangeEmailAsync_SwapsTheSentinelFreeingTheOldAddressAndClaimingTheNewOne()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = tag, Email = $"before.{tag}@example.com" }, cancellationToken);
        saas.Log.Clear();

        // When
        var changed = await saas.Users.ChangeEmailAsync(user, $"After.{tag}@Example.com", cancellationToken);

        // Then: one transaction; the old sentinel is gone, the new one points at the user, the user's lookups follow
        Assert.Equal(["TransactWriteItems"], saas.Log.Operations);
        Assert.Equal($"After.{tag}@Example.com", changed.Email);
        Assert.Equal($"after.{tag}@example.com", changed.NormalizedEmail);
        Assert.Equal(2, changed.Version);
        Assert.Null(await TableContents.GetAsync(table, EmailLookup.CreateKey($"before.{tag}@example.com"), cancellationToken));
        var sentinel = await TableContents.GetAsync(table, EmailLookup.CreateKey($"after.{tag}@example.com"), cancellationToken);
        Assert.Equal(tag, EmailLookup.Mapper.FromItem(sentinel!).UserId);
        var stored = await saas.Users.GetAsync(tag, consistentRead: true, cancellationToken);
        Assert.Equal(changed.Email, stored?.Email);
        Assert.Equal(2, stored?.Version);
        Assert.Equal(tag, (await saas.Users.FindByEmailAsync($"AFTER.{tag}@example.com", cancellationToken))?.UserId);
        Assert.Null(await saas.Users.FindByEmailAsync($"before.{tag}@example.com", cancellationToken));

        // And: the old address is free for someone else
        var other = await saas.Users.CreateAsync(new NewUser { Email = $"Before.{tag}@example.com" }, cancellationToken);
        Assert.Equal(other.UserId, (await saas.Users.FindByEmailAsync($"before.{tag}@example.com", cancellationToken))?.UserId);
    }

    [Fact]
    public async Task ChangeEmailAsync_ToAnAddressTakenInOtherCase_ThrowsDuplicateEmailAndChangesNothing()
    {
        // Given: two users
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var first = await saas.Users.CreateAsync(new NewUser { Email = $"first.{tag}@example.com" }, cancellationToken);
        await saas.Users.CreateAsync(new NewUser { Email = $"second.{tag}@example.com" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        // When: the first takes the second's address
        var error = await Assert.ThrowsAsync<DuplicateEmailException>(
            () => saas.Users.ChangeEmailAsync(first, $"SECOND.{tag}@example.com", cancellationToken));

        // Then: the failed constraint is named, and nothing changed (both sentinels, both users)
        Assert.Equal($"second.{tag}@example.com", error.NormalizedEmail);
        var failure = Assert.IsType<TransactionFailedException>(error.InnerException);
        Assert.Equal(TransactionFailureReason.ItemAlreadyExists, Assert.Single(failure.Failures).Reason);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    [Fact]
    public async Task ChangeEmailAsync_WithStaleVersion_ThrowsVersionConflictAndChangesNothing()
    {
        // Given: a user changed by someone else after we read it
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var read = await saas.Users.CreateAsync(new NewUser { Email = $"stale.{tag}@example.com" }, cancellationToken);
        await saas.Users.UpdateProfileAsync(read with { DisplayName = "Changed meanwhile" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        // When
        var error = await Assert.ThrowsAsync<VersionConflictException>(
            () => saas.Users.ChangeEmailAsync(read, $"fresh.{tag}@example.com", cancellationToken));

        // Then: the new address is not claimed, the old one still held
        Assert.Equal(1, error.ExpectedVersion);
        Assert.Equal(2, error.ActualVersion);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
        Assert.Null(await TableContents.GetAsync(table, EmailLookup.CreateKey($"fresh.{tag}@example.com"), cancellationToken));
    }

    [Fact]
    public async Task ChangeEmailAsync_OnlyTheLetterCase_KeepsTheSentinelWithOneUpdate()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { Email = $"case.{tag}@example.com" }, cancellationToken);
        var sentinelBefore = await TableContents.GetAsync(table, EmailLookup.CreateKey(user.NormalizedEmail), cancellationToken);
        saas.Log.Clear();

        // When
        var changed = await saas.Users.ChangeEmailAsync(user, $"Case.{tag}@EXAMPLE.com", cancellationToken);

        // Then
        Assert.Equal(["UpdateItem"], saas.Log.Operations);
        Assert.Equal($"Case.{tag}@EXAMPLE.com", changed.Email);
        Assert.Equal(user.NormalizedEmail, changed.NormalizedEmail);
        Assert.Equal(2, changed.Version);
        var sentinelAfter = await TableContents.GetAsync(table, EmailLookup.CreateKey(user.NormalizedEmail), cancellationToken);
        Assert.Equal(TableContents.Describe(sentinelBefore!), TableContents.Describe(sentinelAfter!));
    }

    [Fact]
    public async Task ChangeEmailAsync_10ConcurrentChangesOfOneUser_OneWinsAndOnlyItsAddressIsClaimed()
    {
        // Given: one user, read once by 10 writers who each want another address
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = tag, Email = $"origin.{tag}@example.com" }, cancellationToken);
        var addresses = Enumerable.Range(0, 10).Select(i => $"choice{i}.{tag}@example.com").ToArray();

        // When
        var outcomes = await Task.WhenAll(addresses.Select(async address =>
        {
            await Task.Yield();
            try
            {
                return (Address: address, User: await saas.Users.ChangeEmailAsync(user, address, cancellationToken), Error: (Exception?)null);
            }
            catch (Exception error) when (error is SaasUsersDataException)
            {
                return (Address: address, User: (User?)null, Error: error);
            }
        }));

        // Then: one change won, the other nine saw a version conflict
        var winner = Assert.Single(outcomes, o => o.User is not null);
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToArray();
        Assert.True(errors.All(e => e is VersionConflictException), string.Join("; ", errors.Select(e => e.GetType().Name + ": " + e.Message)));
        Assert.Equal(9, errors.Length);

        // And: the sentinels of the user's partition are exactly the winner's address; the original one is free
        var sentinels = (await TableContents.ScanAsync(table, cancellationToken))
            .Where(i => TableContents.TypeOf(i) == EmailLookup.Mapper.EntityType)
            .Select(i => EmailLookup.Mapper.FromItem(i))
            .Where(l => l.UserId == tag)
            .Select(l => l.NormalizedEmail)
            .ToArray();
        Assert.Equal([winner.Address], sentinels);
        var stored = await saas.Users.GetAsync(tag, consistentRead: true, cancellationToken);
        Assert.Equal(winner.Address, stored?.NormalizedEmail);
        Assert.Equal(2, stored?.Version);
    }

    [Fact]
    public async Task ChangeEmailAsync_10UsersRacingForOneAddress_OneGetsItAndNineGetDuplicateEmail()
    {
        // Given: ten users who all want the same address
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var users = new List<User>();
        for (var i = 0; i < 10; i++)
        {
            users.Add(await saas.Users.CreateAsync(new NewUser { Email = $"racer{i}.{tag}@example.com" }, cancellationToken));
        }

        var wanted = $"prize.{tag}@example.com";

        // When
        var outcomes = await Task.WhenAll(users.Select(async (user, i) =>
        {
            await Task.Yield();
            try
            {
                return (Before: user, After: await saas.Users.ChangeEmailAsync(user, i % 2 == 0 ? wanted : wanted.ToUpperInvariant(), cancellationToken), Error: (Exception?)null);
            }
            catch (Exception error) when (error is SaasUsersDataException)
            {
                return (Before: user, After: (User?)null, Error: error);
            }
        }));

        // Then: one user holds the address; the nine others kept theirs
        var winner = Assert.Single(outcomes, o => o.After is not null);
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToArray();
        Assert.True(errors.All(e => e is DuplicateEmailException), string.Join("; ", errors.Select(e => e.GetType().Name + ": " + e.Message)));
        Assert.Equal(9, errors.Length);
        var sentinel = await TableContents.GetAsync(table, EmailLookup.CreateKey(wanted), cancellationToken);
        Assert.Equal(winner.Before.UserId, EmailLookup.Mapper.FromItem(sentinel!).UserId);
        Assert.Null(await TableContents.GetAsync(table, EmailLookup.CreateKey(winner.Before.NormalizedEmail), cancellationToken));
        foreach (var loser in outcomes.Where(o => o.After is null))
        {
            var kept = await TableContents.GetAsync(table, EmailLookup.CreateKey(loser.Before.NormalizedEmail), cancellationToken);
            Assert.Equal(loser.Before.UserId, EmailLookup.Mapper.FromItem(kept!).UserId);
            Assert.Equal(1, (await saas.Users.GetAsync(loser.Before.UserId, consistentRead: true, cancellationToken))?.Version);
        }
    }
}
