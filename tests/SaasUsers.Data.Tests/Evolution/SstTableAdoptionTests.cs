using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Evolution;

/// <summary>
/// Issue 17, adopting an existing table: a table made exactly as the SST stack makes it, holding items an older
/// version wrote without index attributes, is adopted (indexes added one at a time, time to live on), backfilled,
/// and then serves every repository pattern, e-mail login of the old users included. The table name comes from
/// SST's linked-resource variable.
/// </summary>
public sealed class SstTableAdoptionTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnSstTableWithOldItems_IsAdoptedAndBackfilled_ThenEveryRepositoryPatternWorks()
    {
        // Given a table created exactly as the SST stack would, named as SST names it and linked as SST links it
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        using var client = DynamoDbLocal.CreateClient(url);
        var stage = "t" + Guid.NewGuid().ToString("N")[..8];
        var tableName = $"users-dynamodb-{stage}-SAASUSERSTable";
        var resource = "SaasUsersTable" + stage;
        Environment.SetEnvironmentVariable("SST_RESOURCE_" + resource, $$"""{"name":"{{tableName}}","type":"sst.aws.Dynamo"}""");
        await OldTableData.CreateSstTableAsync(client, tableName, "users-dynamodb", stage, Cancel);

        // And items an older version wrote: the package's layout, without the index attributes
        var old = await WriteOldItemsAsync(client, url, tableName);

        try
        {
            var options = OldTableData.Options(url, tableName: null);
            options.SstResourceName = resource;
            var provisioner = new TableProvisioner(client, SaasUsersModel.Default, options);
            Assert.Equal(tableName, provisioner.TableName);

            // When the table is checked: exactly what differs is reported, and nothing changes
            var check = await provisioner.CheckTableAsync(Cancel);
            Assert.True(check.Exists);
            Assert.Equal(old.Items.Count, check.ApproximateItemCount);
            Assert.Equal(
                ["Index GSI1: expected HASH GSI1PK (S), RANGE GSI1SK (S), projection ALL, found no such index (the option AddMissingIndexes = true adds it)",
                 "Index GSI2: expected HASH GSI2PK (S), RANGE GSI2SK (S), projection ALL, found no such index (the option AddMissingIndexes = true adds it)",
                 "Index GSI3: expected HASH GSI3PK (S), RANGE GSI3SK (S), projection ALL, found no such index (the option AddMissingIndexes = true adds it)",
                 "TimeToLive: expected ENABLED on ExpiresAt, found DISABLED"],
                check.Differences.Select(d => d.ToString()));
            // and what the check could not read (the SST table has both; DynamoDB Local cannot answer) is said, not left out
            Assert.Equal(["PointInTimeRecovery", "Tags"], check.NotChecked.Select(n => n[..n.IndexOf(':', StringComparison.Ordinal)]));

            // When ensured without permission to change it: a clear error, and nothing changed
            var refused = await Assert.ThrowsAsync<TableSchemaMismatchException>(() => provisioner.EnsureTableAsync(Cancel));
            Assert.Contains("Index GSI1", refused.Message, StringComparison.Ordinal);
            Assert.Contains("AddMissingIndexes = true adds it", refused.Message, StringComparison.Ordinal);
            Assert.Null((await client.DescribeTableAsync(tableName, Cancel)).Table.GlobalSecondaryIndexes);
            Assert.Equal("DISABLED", await OldTableData.TimeToLiveStatusAsync(client, tableName, Cancel));

            // When adopted: each index added by its own UpdateTable and waited for with progress, then time to live on
            options.AddMissingIndexes = true;
            options.EnableTimeToLive = true;
            var reports = new List<TableEnsureProgress>();
            var adopted = await new TableProvisioner(client, SaasUsersModel.Default, options).EnsureTableAsync(new SynchronousProgress<TableEnsureProgress>(reports.Add), Cancel);

            Assert.Equal(TableEnsureOutcome.IndexesAdded, adopted.Outcome);
            Assert.Equal(["GSI1", "GSI2", "GSI3"], adopted.AddedIndexes);
            Assert.True(adopted.TimeToLiveEnabled);
            Assert.Empty(adopted.Differences);
            Assert.Equal([1, 2, 3], reports.Select(r => r.IndexPosition).Distinct());
            Assert.All(reports, r => Assert.Equal(3, r.IndexCount));
            Assert.All(new[] { "GSI1", "GSI2", "GSI3" }, index => Assert.Equal("ACTIVE", reports.Last(r => r.IndexName == index).Status));
            var table = (await client.DescribeTableAsync(tableName, Cancel)).Table;
            Assert.Equal(["PK:HASH", "SK:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
            Assert.All(table.GlobalSecondaryIndexes, i => Assert.Equal(IndexStatus.ACTIVE, i.IndexStatus));
            Assert.Equal("ENABLED", await OldTableData.TimeToLiveStatusAsync(client, tableName, Cancel));
            Assert.True((await new TableProvisioner(client, SaasUsersModel.Default, options).CheckTableAsync(Cancel)).Matches);

            // And before the backfill the old users cannot log in by e-mail: their items are not in the index
            var services = new ServiceCollectionBuilder(client, options);
            await using var provider = services.Build();
            var users = provider.Users;
            Assert.Null(await users.FindByEmailAsync(old.Emails[0], Cancel));

            // When the old items are backfilled
            var plan = new BackfillPlan().Include<User>().Include<EmailLookup>().Include<Subscription>().Include<CheckoutPayment>().Include<CheckoutRecord>();
            var backfill = await provider.Backfill.RunAsync(plan, new BackfillOptions { RunName = "adopt" }, cancellationToken: Cancel);

            // Then the users and subscriptions (the entities with indexes) were rewritten, nothing failed
            Assert.Equal(old.Items.Count, backfill.Progress.ItemsScanned);
            Assert.Equal(old.Items.Count(i => i["_type"].S is "User" or "Subscription"), backfill.Progress.ItemsRewritten);
            Assert.Equal(0, backfill.Progress.ItemsFailed);

            // And every repository pattern works on the adopted table, e-mail login of the old users first
            await EveryPatternWorksAsync(provider, old);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SST_RESOURCE_" + resource, null);
            await client.DeleteTableAsync(tableName, Cancel);
        }
    }

    [Fact]
    public async Task SstResourceName_WithTheVariableMissingOrMalformed_IsAClearStartUpError_AndNothingIsSent()
    {
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var resource = "Missing" + Guid.NewGuid().ToString("N")[..8];
        var options = OldTableData.Options(url, tableName: null);
        options.SstResourceName = resource;
        var log = new DynamoDbRequestLog();
        using var client = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { RequestLog = log });

        // Missing variable
        var missing = Assert.Throws<ArgumentException>(() => new TableProvisioner(client, SaasUsersModel.Default, options));
        Assert.Contains($"SST_RESOURCE_{resource} is not set", missing.Message, StringComparison.Ordinal);

        // Malformed: not JSON, or JSON without a string name; the value (SST resources may hold secrets) is not echoed
        foreach (var value in new[] { "not json secret-value", """{"nam":"x"}""", """{"name":42}""", "[]" })
        {
            Environment.SetEnvironmentVariable("SST_RESOURCE_" + resource, value);
            try
            {
                var malformed = Assert.Throws<ArgumentException>(() => new EntityTable(client, SaasUsersModel.Default, options));
                Assert.Contains("is not a JSON object with a string \"name\"", malformed.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("secret-value", malformed.Message, StringComparison.Ordinal);
                var validation = new SaasUsersTableOptionsRules().Validate(null, options);
                Assert.True(validation.Failed);
                Assert.Contains(validation.Failures!, f => f.Contains("SstResourceName", StringComparison.Ordinal));
            }
            finally
            {
                Environment.SetEnvironmentVariable("SST_RESOURCE_" + resource, null);
            }
        }

        // TableName, when set, wins over the variable
        options.TableName = "explicit-name";
        Assert.Equal("explicit-name", new TableProvisioner(client, SaasUsersModel.Default, options).TableName);
        Assert.Empty(log.Requests);
    }

    private static async Task<OldItems> WriteOldItemsAsync(IAmazonDynamoDB client, Uri url, string tableName)
    {
        // The items are made by today's repositories on a scratch table, then stripped of their index attributes.
        var scratchName = TestTableNames.New("sst-scratch");
        var scratchOptions = OldTableData.Options(url, scratchName);
        await new TableProvisioner(client, SaasUsersModel.Default, scratchOptions).EnsureTableAsync(Cancel);
        try
        {
            await using var scratch = new ServiceCollectionBuilder(client, scratchOptions).Build();
            var emails = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var userId = $"old-{i}";
                var user = await scratch.Users.CreateAsync(new NewUser { UserId = userId, Email = $"Old.User{i}@Example.com", DisplayName = $"Old {i}" }, Cancel);
                emails.Add(user.Email);
                await scratch.Users.LinkPaymentCustomerAsync(userId, "stripe", $"cus_old{i}", Cancel);
                await scratch.Payments.RecordAsync(
                    new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = $"cs_old{i}", UserId = userId, Amount = new Money(2900, "EUR"), Status = PaymentStatus.Paid, SubscriptionId = $"sub_old{i}" },
                    new SubscriptionChange { UserId = userId, SubscriptionId = $"sub_old{i}", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Active, EventAt = DateTimeOffset.UtcNow.AddDays(-3), CurrentPeriodEnd = DateTimeOffset.UtcNow.AddDays(27), ProviderSubscriptionId = $"sub_old{i}", ProviderCustomerId = $"cus_old{i}" },
                    Cancel);
            }

            var items = (await TableContents.ScanAsync(client, scratchName, Cancel)).Select(OldTableData.WithoutIndexAttributes).ToList();
            Assert.DoesNotContain(items, i => i.ContainsKey("GSI1PK"));
            await OldTableData.PutRawAsync(client, tableName, items, Cancel);
            return new OldItems(items, emails);
        }
        finally
        {
            await client.DeleteTableAsync(scratchName, Cancel);
        }
    }

    private static async Task EveryPatternWorksAsync(ServiceCollectionBuilder.Services saas, OldItems old)
    {
        var users = saas.Users;

        // 1. E-mail login of every old user (GSI1), with the address as typed in any case
        for (var i = 0; i < old.Emails.Count; i++)
        {
            var found = await users.FindByEmailAsync(old.Emails[i].ToUpperInvariant(), Cancel);
            Assert.Equal($"old-{i}", found?.UserId);
        }

        // 2. Read by id, 3. by payment customer (GSI2), 4. by provider subscription (GSI3)
        Assert.Equal("Old 0", (await users.GetAsync("old-0", cancellationToken: Cancel))?.DisplayName);
        Assert.Equal("old-1", (await saas.Subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_old1", Cancel))?.User?.UserId);
        Assert.Equal("old-2", (await saas.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub_old2", Cancel))?.UserId);

        // 5. The admin listing by sign-up date (GSI3)
        var listed = await users.ListBySignUpDateAsync(new SignUpListQuery { From = DateTimeOffset.UtcNow.AddDays(-1), To = DateTimeOffset.UtcNow.AddDays(1) }, Cancel);
        Assert.Equal(["old-0", "old-1", "old-2"], listed.Items.Select(u => u.UserId).Order(StringComparer.Ordinal));

        // 6. Account overview, 7. subscriptions, 8. active subscription, 9. payment history, 10. payment by checkout session
        var overview = await saas.Accounts.GetOverviewAsync("old-0", cancellationToken: Cancel);
        Assert.Equal("sub_old0", overview?.ActiveSubscription?.SubscriptionId);
        Assert.Single(await saas.Subscriptions.ListAsync("old-0", Cancel));
        Assert.Equal("sub_old0", (await saas.Subscriptions.GetActiveAsync("old-0", Cancel))?.SubscriptionId);
        Assert.Equal(["cs_old0"], (await saas.Payments.ListAsync("old-0", cancellationToken: Cancel)).Items.Select(p => p.CheckoutSessionId));
        Assert.Equal("old-0", (await saas.Payments.GetByCheckoutSessionAsync("stripe", "cs_old0", Cancel))?.UserId);

        // 11. A replayed checkout of an old payment is recognised; a new one is recorded
        var replay = await saas.Payments.RecordAsync(new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = "cs_old0", UserId = "old-0", Amount = new Money(2900, "EUR"), Status = PaymentStatus.Paid, SubscriptionId = "sub_old0" }, cancellationToken: Cancel);
        Assert.Equal(RecordPaymentOutcome.AlreadyRecorded, replay.Outcome);
        var renewal = await saas.Payments.RecordAsync(new NewCheckoutPayment { PaymentProvider = "stripe", CheckoutSessionId = "cs_new0", UserId = "old-0", Amount = new Money(2900, "EUR"), Status = PaymentStatus.Paid }, cancellationToken: Cancel);
        Assert.Equal(RecordPaymentOutcome.Recorded, renewal.Outcome);

        // 12. A subscription webhook on an old subscription
        var canceled = await saas.Subscriptions.ApplyChangeAsync(new SubscriptionChange { UserId = "old-1", SubscriptionId = "sub_old1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Canceled, EventAt = DateTimeOffset.UtcNow }, Cancel);
        Assert.True(canceled.Applied);

        // 13. Profile update, e-mail change (old sentinel released, new login works), and sign-up with a taken old address refused
        var user1 = (await users.GetAsync("old-1", consistentRead: true, Cancel))!;
        await users.UpdateProfileAsync(user1 with { DisplayName = "Renamed" }, Cancel);
        var changed = await users.ChangeEmailAsync((await users.GetAsync("old-1", consistentRead: true, Cancel))!, "new.address@example.com", Cancel);
        Assert.Equal("old-1", (await users.FindByEmailAsync("new.address@example.com", Cancel))?.UserId);
        Assert.Null(await users.FindByEmailAsync(old.Emails[1], Cancel));
        Assert.Equal("Renamed", changed.DisplayName);
        await Assert.ThrowsAsync<DuplicateEmailException>(() => users.CreateAsync(new NewUser { UserId = "newcomer", Email = old.Emails[2] }, Cancel));
        var newcomer = await users.CreateAsync(new NewUser { UserId = "newcomer", Email = old.Emails[1] }, Cancel);
        Assert.Equal("newcomer", (await users.FindByEmailAsync(old.Emails[1], Cancel))?.UserId);

        // 14. Deleting an old user removes the user's items and lookups
        var deleted = await users.DeleteAsync("old-2", Cancel);
        Assert.True(deleted.UserFound);
        Assert.Null(await users.FindByEmailAsync(old.Emails[2], Cancel));
        Assert.Null(await users.GetAsync("old-2", consistentRead: true, Cancel));
        Assert.NotNull(newcomer);
    }

    private sealed record OldItems(List<Dictionary<string, AttributeValue>> Items, List<string> Emails);
}
