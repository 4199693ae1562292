using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 9: finding the user and subscriptions by the payment provider's customer or subscription id.</summary>
public sealed class ProviderLookupTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    private static readonly DateTimeOffset EventAt = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FindByProviderCustomerIdAsync_ReturnsTheUserAndOnlyThatCustomersSubscriptions()
    {
        // Given: a linked customer with two subscriptions of that customer and one without provider ids; and another customer
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var (userId, customerId) = await LinkedUserAsync(saas, cancellationToken);
        await ApplyAsync(saas, userId, "sub-1", customerId, "sub_1_" + userId, cancellationToken);
        await ApplyAsync(saas, userId, "sub-2", customerId, "sub_2_" + userId, cancellationToken);
        await ApplyAsync(saas, userId, "sub-manual", null, null, cancellationToken);
        var (otherUserId, otherCustomerId) = await LinkedUserAsync(saas, cancellationToken);
        await ApplyAsync(saas, otherUserId, "sub-1", otherCustomerId, "sub_1_" + otherUserId, cancellationToken);
        saas.Log.Clear();

        // When
        var account = await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", customerId, cancellationToken);

        // Then: one Query of the customer index
        Assert.Equal(["Query"], saas.Log.Operations);
        Assert.NotNull(account);
        Assert.NotNull(account.User);
        Assert.Equal(userId, account.User.UserId);
        Assert.Equal(customerId, account.User.ProviderCustomerId);
        Assert.Equal("stripe", account.User.PaymentProvider);
        Assert.Equal(["sub-1", "sub-2"], account.Subscriptions.Select(s => s.SubscriptionId).Order(StringComparer.Ordinal));
        Assert.All(account.Subscriptions, s => Assert.Equal(userId, s.UserId));
    }

    [Fact]
    public async Task FindByProviderCustomerIdAsync_OfUnknownCustomerOrOtherProvider_ReturnsNull()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var (_, customerId) = await LinkedUserAsync(saas, cancellationToken);

        Assert.Null(await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_unknown_" + customerId, cancellationToken));
        Assert.Null(await saas.Subscriptions.FindByProviderCustomerIdAsync("paddle", customerId, cancellationToken));
    }

    [Fact]
    public async Task FindByProviderSubscriptionIdAsync_ReturnsTheSubscriptionNamingItsUser()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var (userId, customerId) = await LinkedUserAsync(saas, cancellationToken);
        var applied = await ApplyAsync(saas, userId, "sub-1", customerId, "sub_x_" + userId, cancellationToken);
        await ApplyAsync(saas, userId, "sub-2", customerId, "sub_y_" + userId, cancellationToken);
        saas.Log.Clear();

        // When
        var found = await saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub_x_" + userId, cancellationToken);
        var missing = await saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub_z_" + userId, cancellationToken);

        // Then: one Query each
        Assert.Equal(applied, found);
        Assert.Equal(userId, found?.UserId);
        Assert.Null(missing);
        Assert.Equal(["Query", "Query"], saas.Log.Operations);
    }

    [Fact]
    public async Task LinkPaymentCustomerAsync_OfMissingUser_ThrowsItemNotFoundAndCreatesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");

        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Users.LinkPaymentCustomerAsync(userId, "stripe", "cus_" + userId, cancellationToken));

        Assert.Null(await TableContents.GetAsync(table, User.CreateKey(userId), cancellationToken));
        Assert.Null(await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_" + userId, cancellationToken));
    }

    private static async Task<(string UserId, string CustomerId)> LinkedUserAsync(SaasServices saas, CancellationToken cancellationToken)
    {
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"customer.{userId}@example.com" }, cancellationToken);
        var linked = await saas.Users.LinkPaymentCustomerAsync(userId, "stripe", "cus_" + userId, cancellationToken);
        Assert.Equal(2, linked.Version);
        return (userId, "cus_" + userId);
    }

    private static async Task<Subscription> ApplyAsync(SaasServices saas, string userId, string subscriptionId, string? customerId, string? providerSubscriptionId, CancellationToken cancellationToken)
    {
        var result = await saas.Subscriptions.ApplyChangeAsync(
            new SubscriptionChange
            {
                UserId = userId,
                SubscriptionId = subscriptionId,
                PaymentProvider = "stripe",
                PlanId = "pro",
                Status = SubscriptionStatus.Active,
                ProviderCustomerId = customerId,
                ProviderSubscriptionId = providerSubscriptionId,
                EventAt = EventAt,
            },
            cancellationToken);
        Assert.True(result.Applied);
        return result.Subscription!;
    }
}
