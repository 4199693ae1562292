using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 3: sign-up with an e-mail that is unique across all users, ignoring case, also under concurrency.</summary>
public sealed class SignUpTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task CreateAsync_50ConcurrentSignUpsWithTheSameEmailInDifferentCase_CreatesExactlyOneUserAndNoStrayItem()
    {
        // Given: 50 sign-ups of one address, each spelled in its own letter case, each with its own user id
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var address = $"race.{tag}@example.com";
        var signUps = Enumerable.Range(0, 50)
            .Select(i => new NewUser { UserId = $"u{tag}-{i:D2}", Email = MixCase(address, i), DisplayName = $"Racer {i}" })
            .ToArray();
        Assert.Equal(50, signUps.Select(s => s.Email).Distinct(StringComparer.Ordinal).Count());

        // When: all 50 run at the same time
        var outcomes = await Task.WhenAll(signUps.Select(async signUp =>
        {
            await Task.Yield();
            try
            {
                return (SignUp: signUp, User: await saas.Users.CreateAsync(signUp, cancellationToken), Error: (Exception?)null);
            }
            catch (Exception error) when (error is DuplicateEmailException or TransactionFailedException or ItemAlreadyExistsException)
            {
                return (SignUp: signUp, User: (User?)null, Error: error);
            }
        }));

        // Then: one user, 49 duplicate-email errors naming the normalized address
        var winners = outcomes.Where(o => o.User is not null).ToArray();
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToArray();
        var winner = Assert.Single(winners);
        Assert.True(
            errors.All(e => e is DuplicateEmailException),
            "Every losing sign-up must fail with DuplicateEmailException; got: " + string.Join("; ", errors.Where(e => e is not DuplicateEmailException).Select(e => e.GetType().Name + ": " + e.Message)));
        Assert.Equal(49, errors.Length);
        Assert.All(errors.Cast<DuplicateEmailException>(), e => Assert.Equal(address, e.NormalizedEmail));
        Assert.Equal(address, winner.User!.NormalizedEmail);
        Assert.Equal(winner.SignUp.Email, winner.User.Email);
        Assert.Equal(1, winner.User.Version);

        // And: of all items that mention the address (in any case) or one of the 50 user ids, the table holds exactly
        // the winner's user item and one sentinel pointing at it: nothing of the 49
        var userIds = signUps.Select(s => s.UserId!).ToHashSet(StringComparer.Ordinal);
        var items = (await TableContents.ScanAsync(table, cancellationToken))
            .Where(i => TableContents.KeyOf(i).Contains(tag, StringComparison.OrdinalIgnoreCase)
                || (i.TryGetValue("UserId", out var owner) && userIds.Contains(owner.S)))
            .ToList();
        Assert.Equal(
            new[] { TableContents.KeyOf(EmailLookup.CreateKey(address)), TableContents.KeyOf(User.CreateKey(winner.SignUp.UserId!)) }.Order(StringComparer.Ordinal),
            items.Select(TableContents.KeyOf).Order(StringComparer.Ordinal));
        var sentinel = EmailLookup.Mapper.FromItem(items.Single(i => TableContents.TypeOf(i) == EmailLookup.Mapper.EntityType));
        Assert.Equal(winner.SignUp.UserId, sentinel.UserId);
        var stored = await saas.Users.GetAsync(winner.SignUp.UserId!, consistentRead: true, cancellationToken);
        Assert.Equal(winner.User.Email, stored?.Email);
    }

    [Fact]
    public async Task CreateAsync_WithTakenEmailInOtherCase_ThrowsDuplicateEmailAndWritesNothing()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { Email = $"ada.{tag}@example.com" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        // When
        var error = await Assert.ThrowsAsync<DuplicateEmailException>(
            () => saas.Users.CreateAsync(new NewUser { UserId = "other-" + tag, Email = $"  ADA.{tag.ToUpperInvariant()}@Example.COM " }, cancellationToken));

        // Then
        Assert.Equal($"ada.{tag}@example.com", error.NormalizedEmail);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    [Fact]
    public async Task CreateAsync_WithTakenUserId_ThrowsItemAlreadyExistsAndClaimsNoEmail()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = tag, Email = $"first.{tag}@example.com" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        // When
        var error = await Assert.ThrowsAsync<ItemAlreadyExistsException>(
            () => saas.Users.CreateAsync(new NewUser { UserId = tag, Email = $"second.{tag}@example.com" }, cancellationToken));

        // Then: the second address stays free
        Assert.Equal(User.CreateKey(tag), error.Key);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
        Assert.Null(await TableContents.GetAsync(table, EmailLookup.CreateKey($"second.{tag}@example.com"), cancellationToken));
    }

    [Fact]
    public async Task CreateAsync_StoresUserWithNormalizedEmailSentinelAndVersionOne()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        var now = new DateTimeOffset(2026, 5, 17, 9, 30, 0, TimeSpan.Zero);
        await using var saas = SaasServices.Create(table, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        var tag = Guid.NewGuid().ToString("N");

        // When
        var created = await saas.Users.CreateAsync(
            new NewUser { UserId = tag, Email = $" Grace.{tag}@Example.com ", DisplayName = "Grace", Metadata = new Dictionary<string, string> { ["plan"] = "pro" } },
            cancellationToken);

        // Then: the original address (trimmed) is kept, the normalized one is the lookup key
        var stored = await saas.Users.GetAsync(tag, consistentRead: true, cancellationToken);
        Assert.NotNull(stored);
        Assert.Equal($"Grace.{tag}@Example.com", stored.Email);
        Assert.Equal($"grace.{tag}@example.com", stored.NormalizedEmail);
        Assert.Equal("Grace", stored.DisplayName);
        Assert.Equal(UserStatus.Active, stored.Status);
        Assert.Equal("pro", stored.Metadata["plan"]);
        Assert.Equal(now, stored.CreatedAt);
        Assert.Equal(now, stored.UpdatedAt);
        Assert.Equal("2026-05", stored.SignUpMonth);
        Assert.Equal(1, stored.Version);
        Assert.Equal(created, stored with { Metadata = created.Metadata });
        var sentinel = await TableContents.GetAsync(table, EmailLookup.CreateKey($"grace.{tag}@example.com"), cancellationToken);
        Assert.NotNull(sentinel);
        Assert.Equal(tag, EmailLookup.Mapper.FromItem(sentinel).UserId);
    }

    /// <summary>The address with its first six letters upper-cased by the bits of <paramref name="spelling"/>: 64 distinct spellings.</summary>
    private static string MixCase(string address, int spelling)
    {
        var letter = 0;
        return string.Concat(address.Select(c => char.IsAsciiLetter(c) && letter < 6 && (spelling >> letter++ & 1) == 1 ? char.ToUpperInvariant(c) : c));
    }
}
