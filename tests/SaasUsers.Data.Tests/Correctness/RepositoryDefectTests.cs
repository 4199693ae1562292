using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.SaasModel;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Correctness;

/// <summary>An application's own item kept under the user, as README advises, with a sort key between the package's.</summary>
[DynamoEntity("USER#{UserId}", "{Kind}#{ItemId}", EntityType = "CorrectnessTests.UserNote")]
public sealed partial record UserNote
{
    public required string UserId { get; init; }

    public required string Kind { get; init; }

    public required string ItemId { get; init; }
}

/// <summary>A fresh table whose model holds the package's entities and <see cref="UserNote"/>.</summary>
public sealed class UserNotesTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    protected override void ConfigureModel(TableModelBuilder model) => model.Add<UserNote>().Add<Project>();
}

/// <summary>
/// Issue 13, defects 1 to 6: each test failed on the code before the fix (see the notes) and passes after, against
/// DynamoDB Local.
/// </summary>
public sealed class RepositoryDefectTests(UserNotesTableFixture table) : IClassFixture<UserNotesTableFixture>
{
    private static readonly DateTimeOffset Second = new(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Defect 1: same-second events resolve by the lifecycle, not by arrival.
    [Theory]
    [InlineData(SubscriptionStatus.Incomplete, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Trialing, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Canceled)]
    public async Task ApplyChangeAsync_TwoEventsOfTheSameSecond_EndInTheLaterLifecycleStateInEitherOrder(SubscriptionStatus earlier, SubscriptionStatus later)
    {
        await using var saas = SaasServices.Create(table);
        foreach (var order in new[] { new[] { earlier, later }, new[] { later, earlier } })
        {
            // Given: a user, and two events stamped with the same second
            var userId = Guid.NewGuid().ToString("N");
            await saas.SignUpAsync(userId, Cancel);

            // When: they arrive in this order
            var results = new List<SubscriptionChangeResult>();
            foreach (var status in order)
            {
                results.Add(await saas.Subscriptions.ApplyChangeAsync(Change(userId, status, Second), Cancel));
            }

            // Then: the later lifecycle state is stored, whichever came first
            var stored = Assert.Single(await saas.Subscriptions.ListAsync(userId, Cancel));
            Assert.Equal(later, stored.Status);
            Assert.True(results[0].Applied);
            Assert.Equal(order[1] == later, results[1].Applied);
        }
    }

    [Fact]
    public async Task ApplyChangeAsync_SameSecondAndSameStatusAgain_IsSkippedAsStale()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.Subscriptions.ApplyChangeAsync(Change(userId, SubscriptionStatus.Active, Second), Cancel);

        var again = await saas.Subscriptions.ApplyChangeAsync(Change(userId, SubscriptionStatus.Active, Second), Cancel);

        Assert.Equal(SubscriptionChangeOutcome.SkippedStale, again.Outcome);
        Assert.Equal(1, again.Subscription!.Version);
    }

    // Defect 2: a late webhook for a deleted or never created user writes nothing.
    [Fact]
    public async Task ApplyChangeAsync_ForADeletedUser_WritesNothingAndSaysSo()
    {
        // Given: a user with a subscription, then deleted
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.Subscriptions.ApplyChangeAsync(Change(userId, SubscriptionStatus.Active, Second) with { ProviderSubscriptionId = "sub_" + userId }, Cancel);
        await saas.Users.DeleteAsync(userId, Cancel);

        // When: a late webhook arrives for the deleted user, and one for a user who never existed
        var late = await saas.Subscriptions.ApplyChangeAsync(Change(userId, SubscriptionStatus.Canceled, Second.AddMinutes(5)) with { ProviderSubscriptionId = "sub_" + userId }, Cancel);
        var never = await saas.Subscriptions.ApplyChangeAsync(Change("never-" + userId, SubscriptionStatus.Active, Second), Cancel);

        // Then: a distinct result, and nothing under either user, nor found by the provider id
        Assert.Equal(SubscriptionChangeOutcome.SkippedUserNotFound, late.Outcome);
        Assert.Equal(SubscriptionChangeOutcome.SkippedUserNotFound, never.Outcome);
        Assert.Null(late.Subscription);
        Assert.Empty(await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(userId), User.CreatePartitionKey("never-" + userId)], Cancel));
        Assert.Null(await saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub_" + userId, Cancel));
    }

    // Defect 3: a delete racing an e-mail change and a payment leaves no orphan.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task DeleteAsync_RacingAnEmailChangeAndAPayment_LeavesNoOrphanAndFreesTheAddress(int seed)
    {
        // Given: a user with payments
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var user = await saas.SignUpAsync(userId, Cancel);
        for (var i = 0; i < 30; i++)
        {
            await saas.Payments.RecordAsync(Payment(userId, $"cs_{userId}_{i}"), cancellationToken: Cancel);
        }

        var newEmail = $"moved.{userId}@example.com";

        // When: the delete, an e-mail change and a new payment run at the same time
        var delay = new Random(seed).Next(0, 15);
        var delete = Task.Run(() => saas.Users.DeleteAsync(userId, Cancel), Cancel);
        var change = Task.Run(async () =>
        {
            await Task.Delay(delay, Cancel);
            try { await saas.Users.ChangeEmailAsync(user, newEmail, Cancel); }
            catch (ItemNotFoundException) { }
            catch (VersionConflictException) { }
        }, Cancel);
        var pay = Task.Run(async () =>
        {
            await Task.Delay(delay, Cancel);
            try { await saas.Payments.RecordAsync(Payment(userId, $"cs_{userId}_late"), cancellationToken: Cancel); }
            catch (ItemNotFoundException) { }
        }, Cancel);
        await Task.WhenAll(delete, change, pay);

        // Then: nothing of the user is left, neither address is held, both can sign up again
        Assert.True((await delete).UserFound);
        var checkoutRecords = Enumerable.Range(0, 30).Select(i => CheckoutRecord.CreatePartitionKey("stripe", $"cs_{userId}_{i}")).Append(CheckoutRecord.CreatePartitionKey("stripe", $"cs_{userId}_late"));
        Assert.Empty(await TableContents.InPartitionsAsync(table, checkoutRecords.Append(User.CreatePartitionKey(userId)).Append("EMAIL#" + user.NormalizedEmail).Append("EMAIL#" + newEmail), Cancel));
        await saas.Users.CreateAsync(new NewUser { Email = user.Email }, Cancel);
        await saas.Users.CreateAsync(new NewUser { Email = newEmail }, Cancel);
    }

    [Fact]
    public async Task DeleteAsync_CutShortAfterMarking_IsFinishedByASecondDelete()
    {
        // Given: a delete that only got as far as marking the user (as if the process died then)
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        var user = await saas.SignUpAsync(userId, Cancel);
        await saas.Payments.RecordAsync(Payment(userId, "cs_" + userId), cancellationToken: Cancel);
        using var client = table.CreateClient();
        var entities = new EntityTable(client, table.Model, table.CreateOptions());
        await entities.UpdateAsync<User>(User.CreateKey(userId), u => u.Set(User.Fields.DeletedAt, DateTimeOffset.UtcNow), Cancel);

        // Then: the marked user is gone for reads and writes
        Assert.Null(await saas.Users.GetAsync(userId, consistentRead: true, Cancel));
        Assert.Null(await saas.Accounts.GetOverviewAsync(userId, cancellationToken: Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Users.UpdateProfileAsync(user with { DisplayName = "x" }, Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Payments.RecordAsync(Payment(userId, "cs2_" + userId), cancellationToken: Cancel));

        // When: deleted again, everything goes
        var result = await saas.Users.DeleteAsync(userId, Cancel);
        Assert.True(result.UserFound);
        Assert.Empty(await TableContents.InPartitionsAsync(table, [User.CreatePartitionKey(userId), "EMAIL#" + user.NormalizedEmail, CheckoutRecord.CreatePartitionKey("stripe", "cs_" + userId)], Cancel));
    }

    // Defect 4: a pending payment settles.
    [Fact]
    public async Task RecordAsync_PendingSessionRecordedAgainAsPaid_SettlesIt_AndReplaysAnswerFromTheRecord()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        var pending = Payment(userId, "cs_" + userId) with { Status = PaymentStatus.Unpaid };
        await saas.Payments.RecordAsync(pending, cancellationToken: Cancel);

        var settled = await saas.Payments.RecordAsync(pending with { Status = PaymentStatus.Paid, ProviderPaymentId = "pi_1" }, cancellationToken: Cancel);
        var replayPaid = await saas.Payments.RecordAsync(pending with { Status = PaymentStatus.Paid, ProviderPaymentId = "pi_1" }, cancellationToken: Cancel);
        var replayPending = await saas.Payments.RecordAsync(pending, cancellationToken: Cancel);

        Assert.Equal(RecordPaymentOutcome.Settled, settled.Outcome);
        Assert.Equal(RecordPaymentOutcome.AlreadyRecorded, replayPaid.Outcome);
        Assert.Equal(RecordPaymentOutcome.AlreadyRecorded, replayPending.Outcome);
        Assert.Equal(PaymentStatus.Paid, replayPending.Payment.Status);
        var stored = Assert.Single((await saas.Payments.ListAsync(userId, cancellationToken: Cancel)).Items);
        Assert.Equal((PaymentStatus.Paid, "pi_1"), (stored.Status, stored.ProviderPaymentId));
        Assert.Equal(PaymentStatus.Paid, (await saas.Payments.GetByCheckoutSessionAsync("stripe", "cs_" + userId, Cancel))?.Status);
        await Assert.ThrowsAsync<PaymentPayloadMismatchException>(() => saas.Payments.RecordAsync(pending with { Status = PaymentStatus.Paid, Amount = new Money(1, "EUR") }, cancellationToken: Cancel));
    }

    [Fact]
    public async Task SettleAsync_PendingPayment_SettlesOnce()
    {
        await using var saas = SaasServices.Create(table);
        var userId = Guid.NewGuid().ToString("N");
        await saas.SignUpAsync(userId, Cancel);
        await saas.Payments.RecordAsync(Payment(userId, "cs_" + userId) with { Status = PaymentStatus.Unpaid }, cancellationToken: Cancel);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => saas.Payments.SettleAsync("stripe", "cs_" + userId, PaymentStatus.Failed, Cancel), Cancel)));

        Assert.Single(results, r => r.Outcome == RecordPaymentOutcome.Settled);
        Assert.All(results, r => Assert.Equal(PaymentStatus.Failed, r.Payment.Status));
        Assert.Equal(PaymentStatus.Failed, Assert.Single((await saas.Payments.ListAsync(userId, cancellationToken: Cancel)).Items).Status);
        await Assert.ThrowsAsync<PaymentPayloadMismatchException>(() => saas.Payments.SettleAsync("stripe", "cs_" + userId, PaymentStatus.Paid, Cancel));
        await Assert.ThrowsAsync<ItemNotFoundException>(() => saas.Payments.SettleAsync("stripe", "cs_none", PaymentStatus.Paid, Cancel));
    }

    // Defect 5: the overview is not fooled by the application's own items.
    [Fact]
    public async Task GetOverviewAsync_WithApplicationItemsBetweenThePackagesAndManySubscriptions_FindsPaymentsAndTheActiveOne()
    {
        // Given: payments, 30 subscriptions of which only the last is active, and many application items whose sort
        // keys fall between PAY# and SUB# ("QUOTA#") and between SUB# and USER ("TEAM#")
        await using var provider = table.CreateServices(s => s.AddSaasUsersEntity<UserNote>());
        var users = provider.GetRequiredService<IUserRepository>();
        var subscriptions = provider.GetRequiredService<ISubscriptionRepository>();
        var payments = provider.GetRequiredService<ICheckoutPaymentRepository>();
        var entities = provider.GetRequiredService<IEntityTable>();
        var userId = Guid.NewGuid().ToString("N");
        await users.CreateAsync(new NewUser { UserId = userId, Email = userId + "@example.com" }, Cancel);
        await payments.RecordAsync(Payment(userId, "cs_" + userId), cancellationToken: Cancel);
        for (var i = 0; i < 30; i++)
        {
            await subscriptions.ApplyChangeAsync(Change(userId, i == 29 ? SubscriptionStatus.Active : SubscriptionStatus.Canceled, Second) with { SubscriptionId = $"s{i:D2}", CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30) }, Cancel);
        }

        var batch = new BatchWriteBuilder();
        for (var i = 0; i < 40; i++)
        {
            batch.Put(new UserNote { UserId = userId, Kind = "QUOTA", ItemId = $"q{i}" });
            batch.Put(new UserNote { UserId = userId, Kind = "TEAM", ItemId = $"t{i}" });
        }

        await entities.BatchWriteAsync(batch, Cancel);

        // When
        var overview = await provider.GetRequiredService<IAccountRepository>().GetOverviewAsync(userId, latestPayments: 5, Cancel);

        // Then: every subscription, the active one, and the payment
        Assert.NotNull(overview);
        Assert.Equal(30, overview.Subscriptions.Count);
        Assert.Equal("s29", overview.ActiveSubscription?.SubscriptionId);
        Assert.Equal((await subscriptions.GetActiveAsync(userId, Cancel))?.SubscriptionId, overview.ActiveSubscription?.SubscriptionId);
        Assert.Single(overview.LatestPayments);
        Assert.False(overview.HasMorePayments);
    }

    // Defect 6: a write that succeeded but whose answer was lost is the caller's own write.
    [Fact]
    public async Task UpdateProfileAsync_AppliedButTheAnswerLost_SucceedsOnceInsteadOfAVersionConflict()
    {
        // Given: a user; the first UpdateItem reaches DynamoDB Local and is applied, then answered 500
        var faults = new DynamoDbFaultInjector().ServerErrorAfterApplying("UpdateItem");
        await using var provider = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var users = provider.GetRequiredService<IUserRepository>();
        var user = await users.CreateAsync(new NewUser { Email = $"lost.{Guid.NewGuid():N}@example.com" }, Cancel);

        // When: the SDK retries, and the retry's version condition fails against the applied write
        var updated = await users.UpdateProfileAsync(user with { DisplayName = "Ada" }, Cancel);

        // Then: the caller's own write is recognised: success, applied once
        Assert.Equal(1, faults.Injected);
        Assert.Equal(("Ada", 2L), (updated.DisplayName, updated.Version));
        var stored = await users.GetAsync(user.UserId, consistentRead: true, Cancel);
        Assert.Equal(("Ada", 2L), (stored!.DisplayName, stored.Version));
    }

    [Fact]
    public async Task UpdateProfileAsync_AppliedButTheAnswerLost_ThenAnotherWritersTransaction_IsAVersionConflict_NotTheOtherWritersItem()
    {
        // Given: a user; the first UpdateItem is applied and its answer lost, and before the SDK retries, another
        // writer changes the user's e-mail (a transaction, which writes no token of its own)
        var faults = new DynamoDbFaultInjector();
        await using var provider = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var users = provider.GetRequiredService<IUserRepository>();
        var user = await users.CreateAsync(new NewUser { Email = $"lost.tx.{Guid.NewGuid():N}@example.com" }, Cancel);
        var newEmail = $"other.{Guid.NewGuid():N}@example.com";
        User? changed = null;
        faults.ServerErrorAfterApplying("UpdateItem", whileTheAnswerIsLost: async cancel =>
        {
            var current = await users.GetAsync(user.UserId, consistentRead: true, cancel);
            changed = await users.ChangeEmailAsync(current!, newEmail, cancel);
        });

        // When: the SDK retries, and the retry's version condition fails against the other writer's item
        var error = await Assert.ThrowsAsync<VersionConflictException>(() => users.UpdateProfileAsync(user with { DisplayName = "Ada" }, Cancel));

        // Then: the other writer's item is not taken for the caller's own write (it was version 3, not the caller's 2);
        // the caller learns of the conflict, and the table holds the other writer's change on top of the caller's
        Assert.Equal(1, faults.Injected);
        Assert.Equal(3, changed!.Version);
        Assert.Equal(3, error.ActualVersion);
        var stored = await users.GetAsync(user.UserId, consistentRead: true, Cancel);
        Assert.Equal(("Ada", newEmail, 3L), (stored!.DisplayName, stored.NormalizedEmail, stored.Version));
    }

    [Fact]
    public async Task CreateAsync_AppliedButTheAnswerLost_SucceedsInsteadOfItemAlreadyExists()
    {
        var faults = new DynamoDbFaultInjector().ServerErrorAfterApplying("PutItem");
        await using var provider = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });
        var entities = provider.GetRequiredService<IEntityTable>();
        var project = new Project { OrgId = "org-" + Guid.NewGuid().ToString("N"), ProjectId = "p", Name = "n" };

        var created = await entities.CreateAsync(project, Cancel);

        Assert.Equal(1, faults.Injected);
        Assert.Equal(1, created.Version);
        Assert.Equal(1, (await entities.GetAsync<Project>(Project.CreateKey(project.OrgId, "p"), consistentRead: true, Cancel))?.Version);

        // And: another writer's create is still refused
        await Assert.ThrowsAsync<ItemAlreadyExistsException>(() => entities.CreateAsync(project with { Name = "other" }, Cancel));
    }

    private static SubscriptionChange Change(string userId, SubscriptionStatus status, DateTimeOffset at) => new()
    {
        UserId = userId,
        SubscriptionId = "sub-1",
        PaymentProvider = "stripe",
        PlanId = "pro",
        Status = status,
        CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(30),
        EventAt = at,
    };

    private static NewCheckoutPayment Payment(string userId, string session) => new()
    {
        PaymentProvider = "stripe",
        CheckoutSessionId = session,
        UserId = userId,
        Amount = new Money(2900, "EUR"),
        Status = PaymentStatus.Paid,
    };
}
