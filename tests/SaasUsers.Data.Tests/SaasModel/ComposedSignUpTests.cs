using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>
/// Sign-up and e-mail change added to a transaction of the caller's (IUserRepository.AddCreate / AddChangeEmail), as
/// SaasUsers.Data.Identity writes its sign-in items with the user; and the one e-mail normalization (EmailNormalizer).
/// </summary>
public sealed class ComposedSignUpTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task AddCreate_AddsTheUserAndItsSentinel_SendsNothing_AndTheCallersTransactionWritesBoth()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var transaction = new TransactionBuilder();

        var first = saas.Users.AddCreate(transaction, new NewUser { Email = $"First.{tag}@Example.com" });
        var second = saas.Users.AddCreate(transaction, new NewUser { Email = $"second.{tag}@example.com", DisplayName = "Second" });

        Assert.Empty(saas.Log.Operations);
        Assert.Equal(4, transaction.Count);
        Assert.Equal((1L, $"first.{tag}@example.com"), (first.Version, first.NormalizedEmail));
        await table.CreateServices().GetRequiredEntityTable().TransactWriteAsync(transaction, cancellationToken);
        Assert.Equal(first.UserId, (await saas.Users.FindByEmailAsync($"first.{tag}@example.com", cancellationToken))?.UserId);
        Assert.Equal("Second", (await saas.Users.GetAsync(second.UserId, consistentRead: true, cancellationToken))?.DisplayName);
        await Assert.ThrowsAsync<DuplicateEmailException>(() => saas.Users.CreateAsync(new NewUser { Email = $"SECOND.{tag}@example.com" }, cancellationToken));
    }

    [Fact]
    public async Task AddCreate_WithATakenEmail_FailsTheWholeTransaction_OnTheSentinelsKey_AndWritesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { Email = $"taken.{tag}@example.com" }, cancellationToken);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);
        var transaction = new TransactionBuilder();
        saas.Users.AddCreate(transaction, new NewUser { Email = $"free.{tag}@example.com" });
        saas.Users.AddCreate(transaction, new NewUser { Email = $"TAKEN.{tag}@example.com" });

        var failed = await Assert.ThrowsAsync<TransactionFailedException>(() => table.CreateServices().GetRequiredEntityTable().TransactWriteAsync(transaction, cancellationToken));

        var failure = Assert.Single(failed.Failures);
        Assert.Equal((EmailLookup.CreateKey($"taken.{tag}@example.com"), TransactionFailureReason.ItemAlreadyExists), (failure.Key, failure.Reason));
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    [Fact]
    public async Task AddCreate_WithBadInput_ThrowsAtOnce_AndAddsNothing()
    {
        await using var saas = SaasServices.Create(table);
        var transaction = new TransactionBuilder();

        var error = Assert.Throws<ArgumentException>(() => saas.Users.AddCreate(transaction, new NewUser { Email = "not an address" }));

        Assert.Equal("Email", error.ParamName);
        Assert.Equal(0, transaction.Count);
        Assert.Throws<ArgumentNullException>(() => saas.Users.AddCreate(null!, new NewUser { Email = "a@example.com" }));
    }

    [Fact]
    public async Task AddChangeEmail_SwapsTheSentinelInTheCallersTransaction_OrOnlyUpdatesTheUserForACaseChange()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var entities = table.CreateServices().GetRequiredEntityTable();
        var tag = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { Email = $"old.{tag}@example.com" }, cancellationToken);

        var transaction = new TransactionBuilder();
        var changed = saas.Users.AddChangeEmail(transaction, user, $"New.{tag}@example.com");
        Assert.Equal(3, transaction.Count);
        await entities.TransactWriteAsync(transaction, cancellationToken);
        Assert.Equal((2L, $"new.{tag}@example.com"), (changed.Version, changed.NormalizedEmail));
        Assert.Null(await saas.Users.FindByEmailAsync($"old.{tag}@example.com", cancellationToken));
        Assert.Equal(user.UserId, (await saas.Users.FindByEmailAsync($"new.{tag}@example.com", cancellationToken))?.UserId);

        var caseOnly = new TransactionBuilder();
        saas.Users.AddChangeEmail(caseOnly, changed, $"NEW.{tag}@example.com");
        Assert.Equal(1, caseOnly.Count);
        await entities.TransactWriteAsync(caseOnly, cancellationToken);
        Assert.Equal($"NEW.{tag}@example.com", (await saas.Users.GetAsync(user.UserId, consistentRead: true, cancellationToken))?.Email);

        var stale = new TransactionBuilder();
        saas.Users.AddChangeEmail(stale, changed, $"stale.{tag}@example.com");
        var failed = await Assert.ThrowsAsync<TransactionFailedException>(() => entities.TransactWriteAsync(stale, cancellationToken));
        Assert.Contains(failed.Failures, f => f.Key == User.CreateKey(user.UserId) && f.Reason == TransactionFailureReason.VersionConflict);
    }

    [Fact]
    public async Task EmailNormalizer_IsTheNormalizationOfTheSentinel()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var tag = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { Email = $"  Ada.{tag}@Example.COM " }, cancellationToken);

        Assert.Equal(user.NormalizedEmail, EmailNormalizer.Normalize($"ADA.{tag}@example.com"));
        Assert.True(EmailNormalizer.TryNormalize($"ada.{tag}@EXAMPLE.com", out var normalized));
        Assert.Equal(user.NormalizedEmail, normalized);
        Assert.False(EmailNormalizer.TryNormalize("no at sign", out var none));
        Assert.Null(none);
        Assert.False(EmailNormalizer.TryNormalize(null, out _));
        Assert.Equal("email", Assert.Throws<ArgumentException>(() => EmailNormalizer.Normalize("a@b")).ParamName);
    }
}

internal static class ServiceProviderEntityTable
{
    public static IEntityTable GetRequiredEntityTable(this IServiceProvider services) =>
        (IEntityTable)(services.GetService(typeof(IEntityTable)) ?? throw new InvalidOperationException("No IEntityTable."));
}
