using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using Xunit;

namespace SaasUsers.Data.Tests.Correctness;

/// <summary>
/// Issue 13, defect 9: the subjects identity providers issue (<c>auth0|123</c>, <c>google-oauth2|…</c>, an OIDC
/// <c>sub</c> that is a URL or holds the key delimiter) are valid user ids; key safety comes from escaping, so an id
/// holding <c>#</c> or <c>%23</c> lands in a partition of its own.
/// </summary>
public sealed class IdentityProviderIdTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static readonly DateTimeOffset EventAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Subjects => new(
        "auth0|5f7c8ec7c33c6c004bbafe82",
        "google-oauth2|104224155012948283712",
        "https://login.example.com/users/42?tenant=a&b=c",
        "248289761001",
        "user#USER",
        "user%23USER",
        "{\"sub\":\"x\"}~!$'*+,/;=@[]^`");

    [Theory]
    [MemberData(nameof(Subjects))]
    public async Task EveryUserOperation_WithAnIdentityProviderSubject_WorksAndStaysInTheUsersOwnPartition(string subject)
    {
        // Given: a user whose id is the identity provider's subject (made unique per run)
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = subject + "-" + Guid.NewGuid().ToString("N")[..6];
        var email = $"idp.{Guid.NewGuid():N}@example.com";

        // When: the whole lifecycle runs on that id
        var user = await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = email }, cancellationToken);
        var updated = await saas.Users.UpdateProfileAsync(user with { DisplayName = "Ada" }, cancellationToken);
        var change = await saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange
        {
            UserId = userId,
            SubscriptionId = "sub|" + userId,
            PaymentProvider = "stripe",
            PlanId = "pro",
            Status = SubscriptionStatus.Active,
            CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30),
            EventAt = EventAt,
        }, cancellationToken);
        var payment = await saas.Payments.RecordAsync(new NewCheckoutPayment
        {
            PaymentProvider = "stripe",
            CheckoutSessionId = "cs|" + userId,
            UserId = userId,
            Amount = new Money(2900, "EUR"),
            Status = PaymentStatus.Paid,
        }, cancellationToken: cancellationToken);
        var overview = await saas.Accounts.GetOverviewAsync(userId, cancellationToken: cancellationToken);

        // Then: every call found the same user, and every item of the user is in the user's own partition
        Assert.Equal(userId, (await saas.Users.GetAsync(userId, consistentRead: true, cancellationToken))?.UserId);
        Assert.Equal("Ada", updated.DisplayName);
        Assert.True(change.Applied);
        Assert.Equal(RecordPaymentOutcome.Recorded, payment.Outcome);
        Assert.NotNull(overview);
        Assert.Equal(userId, overview.User.UserId);
        Assert.Equal(userId, overview.ActiveSubscription?.UserId);
        Assert.Single(overview.LatestPayments);
        var partition = User.CreatePartitionKey(userId);
        var items = await TableContents.InPartitionsAsync(table, [partition], cancellationToken);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(userId, (i.TryGetValue("UserId", out var owner) ? owner : i["AccountId"]).S));

        // And: deleting removes exactly that user's items, sentinel and checkout record included
        var deleted = await saas.Users.DeleteAsync(userId, cancellationToken);
        Assert.True(deleted.UserFound);
        Assert.Empty(await TableContents.InPartitionsAsync(table, [partition, "EMAIL#" + user.NormalizedEmail, CheckoutRecord.CreatePartitionKey("stripe", "cs|" + userId)], cancellationToken));
    }

    [Fact]
    public async Task CreateAsync_IdThatForgesAnotherUsersKey_LandsInItsOwnPartition()
    {
        // Given: a victim, and an attacker whose id tries to reach the victim's partition through the delimiter
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var victim = await saas.Users.CreateAsync(new NewUser { Email = $"victim.{Guid.NewGuid():N}@example.com" }, cancellationToken);
        var victimItems = await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(victim.UserId)], cancellationToken);

        // When
        var attacker = await saas.Users.CreateAsync(new NewUser { UserId = victim.UserId + "#USER", Email = $"attacker.{Guid.NewGuid():N}@example.com" }, cancellationToken);

        // Then: the attacker's key is escaped, and the victim's partition is unchanged
        Assert.Equal("USER#" + victim.UserId + "%23USER", User.CreatePartitionKey(attacker.UserId));
        var victimAfter = await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(victim.UserId)], cancellationToken);
        Assert.Equal(victimItems.Select(TableContents.Describe), victimAfter.Select(TableContents.Describe));
        Assert.Equal(victim.UserId, (await saas.Users.GetAsync(victim.UserId, consistentRead: true, cancellationToken))?.UserId);
    }

    [Theory]
    [InlineData("auth0 |123", "printable ASCII")]
    [InlineData("auth0|\u00e9", "printable ASCII")]
    [InlineData("auth0|\u200b", "printable ASCII")]
    public async Task CreateAsync_IdWithSpaceOrNonAscii_IsRefusedBeforeAnyRequest(string userId, string rule)
    {
        await using var saas = SaasServices.Create(table);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"x.{Guid.NewGuid():N}@example.com" }, TestContext.Current.CancellationToken));
        Assert.Equal(nameof(NewUser.UserId), error.ParamName);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Empty(saas.Log.Operations);
    }
}
