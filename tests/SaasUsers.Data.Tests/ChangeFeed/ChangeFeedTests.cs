using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.ChangeFeed;

/// <summary>The typed change feed against DynamoDB Local's real stream: provisioning, decoding, expiry, Lambda shape.</summary>
public sealed class ChangeFeedTests : IClassFixture<StreamTableFixture>
{
    private readonly StreamTableFixture _table;

    public ChangeFeedTests(StreamTableFixture table) => _table = table;

    [Fact]
    public async Task EnsureTable_ExistingTableWithoutStream_EnablesNewAndOldImages()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(TableEnsureOutcome.StreamEnabled, _table.StreamEnsureResult!.Outcome);

        var table = (await _table.Client.DescribeTableAsync(_table.TableName, ct)).Table;
        Assert.True(table.StreamSpecification.StreamEnabled);
        Assert.Equal("NEW_AND_OLD_IMAGES", table.StreamSpecification.StreamViewType.Value);

        // Ensuring again changes nothing and sends two requests: DescribeTable and DescribeTimeToLive (the model has one).
        var options = _table.CreateOptions();
        options.EnableStream = true;
        var again = await new TableProvisioner(_table.Client, _table.Model, options).EnsureTableAsync(ct);
        Assert.Equal(TableEnsureOutcome.AlreadyExisted, again.Outcome);
        Assert.Equal(2, again.RequestCount);
        Assert.DoesNotContain(again.Differences, d => d.Subject == "Stream");
    }

    [Fact]
    public async Task EnsureTable_NewTableWithStreamOption_IsCreatedWithNewAndOldImages()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = _table.CreateOptions();
        options.TableName = TestTableNames.New("stream-create");
        options.EnableStream = true;
        var provisioner = new TableProvisioner(_table.Client, _table.Model, options);
        try
        {
            var created = await provisioner.EnsureTableAsync(ct);
            Assert.Equal(TableEnsureOutcome.Created, created.Outcome);
            var table = (await _table.Client.DescribeTableAsync(options.TableName, ct)).Table;
            Assert.True(table.StreamSpecification.StreamEnabled);
            Assert.Equal("NEW_AND_OLD_IMAGES", table.StreamSpecification.StreamViewType.Value);
            Assert.False(string.IsNullOrEmpty(table.LatestStreamArn));
        }
        finally
        {
            await provisioner.DeleteTableAsync(options.TableName, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Consumer_UserLifecycle_DeliversTypedChangesInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var recorder = new RecordingHandler();
        await using var services = _table.CreateFeedServices(configure: s => s.AddSingleton<ITableChangeHandler>(recorder));
        var consumer = services.GetRequiredService<ChangeFeedConsumer>();
        await consumer.CatchUpAsync(ct);
        var before = recorder.Changes.Count;
        var users = services.GetRequiredService<IUserRepository>();
        var subscriptions = services.GetRequiredService<ISubscriptionRepository>();

        var id = "lifecycle-" + Guid.NewGuid().ToString("N")[..8];
        var user = await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com" }, ct);
        user = await users.ChangeEmailAsync(user, id + ".new@example.com", ct);
        await subscriptions.ApplyChangeAsync(new SubscriptionChange
        {
            UserId = id, SubscriptionId = "sub-1", PaymentProvider = "stripe", PlanId = "pro", Status = SubscriptionStatus.Active,
            Price = new Money(2900, "EUR"), EventAt = DateTimeOffset.UtcNow,
        }, ct);
        await users.DeleteAsync(id, ct);
        await consumer.CatchUpAsync(ct);

        var mine = recorder.Changes.Skip(before).Where(c => c.Key.PartitionKey.Contains(id, StringComparison.Ordinal) || c.Role == TableItemRole.Lookup).ToArray();
        var userChanges = mine.Where(c => c.Is<User>()).ToArray();
        // A delete first marks the user deleted (so no late write lands), then removes the item.
        Assert.Equal([TableChangeKind.Inserted, TableChangeKind.Modified, TableChangeKind.Modified, TableChangeKind.Removed], userChanges.Select(c => c.Kind));
        Assert.Equal(id + "@example.com", userChanges[0].NewAs<User>()!.Email);
        Assert.Equal(id + ".new@example.com", userChanges[1].NewAs<User>()!.Email);
        Assert.Equal(id + "@example.com", userChanges[1].OldAs<User>()!.Email);
        Assert.Null(userChanges[2].OldAs<User>()!.DeletedAt);
        Assert.NotNull(userChanges[2].NewAs<User>()!.DeletedAt);
        Assert.Null(userChanges[3].NewEntity);
        Assert.Equal(id, userChanges[3].OldAs<User>()!.UserId);

        var subscription = mine.Where(c => c.Is<Subscription>()).ToArray();
        Assert.Equal([TableChangeKind.Inserted, TableChangeKind.Removed], subscription.Select(c => c.Kind));
        Assert.Equal(new Money(2900, "EUR"), subscription[0].NewAs<Subscription>()!.Price);

        // The e-mail sentinels are known lookup items: created, replaced, deleted.
        var lookups = recorder.Changes.Skip(before).Where(c => c.Is<EmailLookup>()).ToArray();
        Assert.All(lookups, c => Assert.Equal(TableItemRole.Lookup, c.Role));
        Assert.Equal(4, lookups.Length);

        // The feed's own items (checkpoints, stats, activity) never reach handlers.
        Assert.DoesNotContain(recorder.Changes, c => c.Role == TableItemRole.Feed);
        Assert.True(recorder.Changes.Zip(recorder.Changes.Skip(1)).All(p => string.CompareOrdinal(p.First.SequenceNumber.PadLeft(40, '0'), p.Second.SequenceNumber.PadLeft(40, '0')) < 0));
    }

    [Fact]
    public async Task Reader_TimeToLiveDeletion_IsExpiryInBothShapesAndARequestDeleteIsRemoval()
    {
        var ct = TestContext.Current.CancellationToken;
        var recorder = new RecordingHandler();
        await using var services = _table.CreateFeedServices(configure: s => s.AddSingleton<ITableChangeHandler>(recorder));
        var consumer = services.GetRequiredService<ChangeFeedConsumer>();
        var reader = services.GetRequiredService<TableChangeReader>();
        var table = services.GetRequiredService<IEntityTable>();
        await consumer.CatchUpAsync(ct);
        var before = recorder.Changes.Count;

        // A real REMOVE from DynamoDB Local's stream (a request's delete) of an item with a time to live.
        var email = "ttl-" + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var lookup = new EmailLookup { NormalizedEmail = email, UserId = "ttl-user", CreatedAt = DateTimeOffset.UtcNow };
        await table.PutAsync(lookup, ct);
        await table.DeleteAsync<EmailLookup>(EmailLookup.Mapper.GetKey(lookup), cancellationToken: ct);
        await consumer.CatchUpAsync(ct);
        var removal = recorder.Changes.Skip(before).Single(c => c.Kind == TableChangeKind.Removed && c.OldAs<EmailLookup>()?.NormalizedEmail == email);
        Assert.Equal("REMOVE", removal.Record.EventName);
        Assert.Null(removal.Record.UserIdentity);
        Assert.Equal(email, removal.OldAs<EmailLookup>()!.NormalizedEmail);

        // The same record as DynamoDB Local emits a time-to-live deletion: its own event name, no user identity.
        var local = removal.Record with { EventName = TableChangeReader.DynamoDbLocalExpiryEventName };
        // And as AWS emits one: REMOVE by the service.
        var aws = removal.Record with { UserIdentity = new StreamUserIdentity("Service", TableChangeReader.TimeToLivePrincipal) };
        foreach (var expiry in new[] { reader.Read(local), reader.Read(aws) }
            .Concat(reader.ReadLambdaEvent(LambdaEventJson.Of([local, aws]))))
        {
            Assert.Equal(TableChangeKind.Expired, expiry.Kind);
            Assert.Equal(email, expiry.OldAs<EmailLookup>()!.NormalizedEmail);
            Assert.Null(expiry.NewEntity);
        }

        // A REMOVE by any other identity is a removal.
        Assert.Equal(TableChangeKind.Removed, reader.Read(aws with { UserIdentity = new StreamUserIdentity("Service", "other.amazonaws.com") }).Kind);
        Assert.Equal(TableChangeKind.Removed, reader.Read(aws with { UserIdentity = new StreamUserIdentity("User", TableChangeReader.TimeToLivePrincipal) }).Kind);
    }

    [Fact]
    public async Task ReadLambdaEvent_SameRecordsAsStreamsApi_DecodesToTheSameChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        var recorder = new RecordingHandler();
        await using var services = _table.CreateFeedServices(configure: s => s.AddSingleton<ITableChangeHandler>(recorder));
        var consumer = services.GetRequiredService<ChangeFeedConsumer>();
        var users = services.GetRequiredService<IUserRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        await consumer.CatchUpAsync(ct);
        var before = recorder.Changes.Count;

        var id = "lambda-" + Guid.NewGuid().ToString("N")[..8];
        var user = await users.CreateAsync(new NewUser { UserId = id, Email = id + "@example.com", DisplayName = "Ada", Metadata = new Dictionary<string, string> { ["team"] = "R&D" } }, ct);
        await users.UpdateProfileAsync(user with { DisplayName = "Ada L." }, ct);
        await payments.RecordAsync(new NewCheckoutPayment { UserId = id, CheckoutSessionId = "cs_" + id, PaymentProvider = "stripe", Amount = new Money(1999, "USD"), Status = PaymentStatus.Paid }, cancellationToken: ct);
        await users.DeleteAsync(id, ct);
        await consumer.CatchUpAsync(ct);
        var fromApi = recorder.Changes.Skip(before).ToArray();
        Assert.True(fromApi.Length >= 8);

        // The same records as a Lambda function receives them.
        var fromLambda = services.GetRequiredService<TableChangeReader>().ReadLambdaEvent(LambdaEventJson.Of(fromApi.Select(c => c.Record)));

        Assert.Equal(fromApi.Length, fromLambda.Count);
        foreach (var (api, lambda) in fromApi.Zip(fromLambda))
        {
            Assert.Equal(api.Kind, lambda.Kind);
            Assert.Equal(api.Key, lambda.Key);
            Assert.Equal(api.EntityType, lambda.EntityType);
            Assert.Equal(api.Role, lambda.Role);
            Assert.Equal(api.SequenceNumber, lambda.SequenceNumber);
            Assert.Equal(api.ApproximateCreationTime, lambda.ApproximateCreationTime);
            AssertSameEntity(api.OldEntity, lambda.OldEntity);
            AssertSameEntity(api.NewEntity, lambda.NewEntity);
        }
    }

    [Fact]
    public void ReadLambdaEvent_NotAStreamEvent_ThrowsFormatException()
    {
        var reader = new TableChangeReader(SaasUsersModel.Default);
        Assert.Throws<FormatException>(() => reader.ReadLambdaEvent("{\"Records\": 3}"));
        Assert.Throws<FormatException>(() => reader.ReadLambdaEvent("not json"));
        var error = Assert.Throws<FormatException>(() => reader.ReadLambdaEvent("{\"Records\":[{\"eventName\":\"INSERT\",\"dynamodb\":{\"SequenceNumber\":\"1\",\"Keys\":{\"PK\":{\"X\":\"a\"}}}}]}"));
        Assert.Contains("Records[0].dynamodb.Keys.PK", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameEntity(object? expected, object? actual)
    {
        if (expected is User u && actual is User v)
        {
            // Records compare the metadata dictionary by reference.
            var none = new Dictionary<string, string>();
            Assert.Equal(u with { Metadata = none }, v with { Metadata = none });
            Assert.Equal(u.Metadata, v.Metadata);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }
}
