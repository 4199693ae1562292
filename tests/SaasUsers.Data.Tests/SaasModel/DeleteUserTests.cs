using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>Access pattern 13: deleting a user removes everything the user owns, lookup items included.</summary>
public sealed class DeleteUserTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task DeleteAsync_RemovesEveryItemTheUserOwnsIncludingLookupItemsAndLeavesOthers()
    {
        // Given: a neighbour, then the doomed user, each with an e-mail change, provider ids, subscriptions and payments
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var neighbour = await PopulateAsync(saas, cancellationToken);
        var withNeighbour = await TableContents.KeysAsync(table, cancellationToken);
        var doomed = await PopulateAsync(saas, cancellationToken);
        var doomedKeys = (await TableContents.KeysAsync(table, cancellationToken)).Except(withNeighbour).ToArray();

        // (user, e-mail sentinel, 2 subscriptions, 3 payments and their 3 checkout records)
        Assert.Equal(10, doomedKeys.Length);
        Assert.Contains(TableContents.KeyOf(EmailLookup.CreateKey(doomed.NormalizedEmail)), doomedKeys);
        Assert.Equal(3, doomedKeys.Count(k => k.StartsWith("CHECKOUT#", StringComparison.Ordinal)));
        saas.Log.Clear();

        // When
        var result = await saas.Users.DeleteAsync(doomed.UserId, cancellationToken);

        // Then: exactly the doomed user's items are gone, and the result counts them: the user is marked deleted
        // first, the collection swept (one batch, then a query that finds it empty), the sentinel and the user item
        // deleted under conditions, and a last query makes sure nothing joined the collection meanwhile
        Assert.True(result.UserFound);
        Assert.Equal(doomedKeys.Length, result.ItemsDeleted);
        Assert.Equal(["Query", "UpdateItem", "Query", "Query", "BatchWriteItem", "Query", "DeleteItem", "DeleteItem", "Query"], saas.Log.Operations);
        Assert.Equal(withNeighbour, await TableContents.KeysAsync(table, cancellationToken));
        Assert.Null(await saas.Users.GetAsync(doomed.UserId, consistentRead: true, cancellationToken));
        Assert.Null(await saas.Payments.GetByCheckoutSessionAsync("stripe", $"cs_{doomed.UserId}_0", cancellationToken));
        Assert.Null(await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_" + doomed.UserId, cancellationToken));
        Assert.NotNull(await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_" + neighbour.UserId, cancellationToken));
    }

    [Fact]
    public async Task DeleteAsync_FreesTheEmailSoASignUpWithItSucceeds()
    {
        // Given
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var user = await PopulateAsync(saas, cancellationToken);

        // When
        await saas.Users.DeleteAsync(user.UserId, cancellationToken);
        var again = await saas.Users.CreateAsync(new NewUser { Email = user.Email.ToUpperInvariant() }, cancellationToken);

        // Then: the address belongs to the new user
        Assert.NotEqual(user.UserId, again.UserId);
        var sentinel = await TableContents.GetAsync(table, EmailLookup.CreateKey(user.NormalizedEmail), cancellationToken);
        Assert.Equal(again.UserId, EmailLookup.Mapper.FromItem(sentinel!).UserId);
        Assert.Equal(again.UserId, (await saas.Users.FindByEmailAsync(user.Email, cancellationToken))?.UserId);
    }

    [Fact]
    public async Task DeleteAsync_WithMoreThan25Items_SendsOneQueryAndAsManyBatchesAsNeeded()
    {
        // Given: a user with 30 payments: 1 user + 1 e-mail sentinel + 30 payments + 30 checkout records = 62 items
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"many.{userId}@example.com" }, cancellationToken);
        for (var i = 0; i < 30; i++)
        {
            await saas.Payments.RecordAsync(
                new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = $"cs_{userId}_{i:D2}", UserId = userId, Amount = new Money(100, "EUR"), Status = PaymentStatus.Paid },
                cancellationToken: cancellationToken);
        }

        saas.Log.Clear();

        // When
        var result = await saas.Users.DeleteAsync(userId, cancellationToken);

        // Then: the mark, one Query, ceil(60 / 25) = 3 batches for the payments and their records, the sentinel and
        // the user item, and nothing of the user is left
        Assert.Equal(62, result.ItemsDeleted);
        Assert.Equal(["Query", "UpdateItem", "Query", "Query", "BatchWriteItem", "BatchWriteItem", "BatchWriteItem", "Query", "DeleteItem", "DeleteItem", "Query"], saas.Log.Operations);
        var left = (await TableContents.ScanAsync(table, cancellationToken))
            .Where(i => TableContents.KeyOf(i).Contains(userId, StringComparison.Ordinal) || (i.TryGetValue("UserId", out var owner) && owner.S == userId))
            .Select(TableContents.KeyOf)
            .ToArray();
        Assert.Empty(left);
        Assert.Null(await TableContents.GetAsync(table, EmailLookup.CreateKey(user.NormalizedEmail), cancellationToken));
    }

    [Fact]
    public async Task DeleteAsync_AlsoRemovesTheApplicationsOwnItemsInTheUsersCollection()
    {
        // Given: a user and an item of a type the package does not know, stored by the application under the user
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"notes.{userId}@example.com" }, cancellationToken);
        await table.Client.PutItemAsync(
            new Amazon.DynamoDBv2.Model.PutItemRequest
            {
                TableName = table.TableName,
                Item = new()
                {
                    [ItemAttributeNames.PartitionKey] = new() { S = User.CreatePartitionKey(userId) },
                    [ItemAttributeNames.SortKey] = new() { S = "NOTE#1" },
                    [ItemAttributeNames.EntityType] = new() { S = "Note" },
                    ["Text"] = new() { S = "remember the milk" },
                },
            },
            cancellationToken);

        // When
        var result = await saas.Users.DeleteAsync(userId, cancellationToken);

        // Then: user, sentinel and note are gone
        Assert.Equal(3, result.ItemsDeleted);
        Assert.Empty(await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(userId)], cancellationToken));
        Assert.Null(await TableContents.GetAsync(table, EmailLookup.CreateKey($"notes.{userId}@example.com"), cancellationToken));
    }

    [Fact]
    public async Task DeleteAsync_OfMissingUser_ReportsNotFoundAndDeletesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var saas = SaasServices.Create(table);
        var before = await TableContents.SnapshotAsync(table, cancellationToken);

        var result = await saas.Users.DeleteAsync(Guid.NewGuid().ToString("N"), cancellationToken);

        Assert.False(result.UserFound);
        Assert.Equal(0, result.ItemsDeleted);
        Assert.Equal(["Query", "UpdateItem", "Query"], saas.Log.Operations);
        Assert.Equal(before, await TableContents.SnapshotAsync(table, cancellationToken));
    }

    /// <summary>
    /// Signs a user up and gives it an e-mail change, a payment customer, two subscriptions (one with provider ids,
    /// so it is in GSI2 and GSI3) and three payments.
    /// </summary>
    private static async Task<User> PopulateAsync(SaasServices saas, CancellationToken cancellationToken)
    {
        var userId = Guid.NewGuid().ToString("N");
        var user = await saas.Users.CreateAsync(new NewUser { UserId = userId, Email = $"old.{userId}@example.com" }, cancellationToken);
        user = await saas.Users.ChangeEmailAsync(user, $"Owner.{userId}@example.com", cancellationToken);
        user = await saas.Users.LinkPaymentCustomerAsync(userId, "stripe", "cus_" + userId, cancellationToken);
        var eventAt = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        await saas.Subscriptions.ApplyChangeAsync(
            new SubscriptionChange { UserId = userId, SubscriptionId = "sub-1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Active, ProviderSubscriptionId = "sub_" + userId, ProviderCustomerId = "cus_" + userId, EventAt = eventAt },
            cancellationToken);
        await saas.Subscriptions.ApplyChangeAsync(
            new SubscriptionChange { UserId = userId, SubscriptionId = "sub-2", PaymentProvider = "stripe", PlanId = "basic", Status = SubscriptionStatus.Canceled, EventAt = eventAt },
            cancellationToken);
        for (var i = 0; i < 3; i++)
        {
            await saas.Payments.RecordAsync(
                new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = $"cs_{userId}_{i}", UserId = userId, Amount = new Money(999, "EUR"), Status = PaymentStatus.Paid, SubscriptionId = "sub-1" },
                cancellationToken: cancellationToken);
        }

        return user;
    }
}
