using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data;
using SaasUsers.Data.Testing;
using Xunit;

namespace PackageConsumer;

/// <summary>The Testing package's table fixture, with this application's own entity in the model.</summary>
public sealed class NoteTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    protected override void ConfigureModel(TableModelBuilder model) => model.Add<Note>();
}

/// <summary>The fixture's table and services, used through the repositories, from the packed packages.</summary>
public sealed class TableFixtureTests(NoteTableFixture table) : IClassFixture<NoteTableFixture>
{
    [Fact]
    public async Task FixtureTable_MatchesTheModel_AndRecordsACheckoutOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var log = new DynamoDbRequestLog();
        await using var services = table.CreateServices(s => s.AddSaasUsersEntity<Note>(), new DynamoDbClientOptions { RequestLog = log });

        var ensured = await services.GetRequiredService<ITableProvisioner>().EnsureTableAsync(cancellationToken);
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "fixture@example.com" }, cancellationToken);
        await services.GetRequiredService<IEntityTable>().CreateAsync(new Note { UserId = user.UserId, NoteId = "n1", Text = "hello" }, cancellationToken);
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var checkout = new NewCheckoutPayment
        {
            PaymentProvider = "stripe",
            CheckoutSessionId = "cs_smoke",
            UserId = user.UserId,
            Amount = new Money(1999, "eur"),
            Status = PaymentStatus.Paid,
        };
        var first = await payments.RecordAsync(checkout, cancellationToken: cancellationToken);
        var replay = await payments.RecordAsync(checkout, cancellationToken: cancellationToken);

        Assert.Equal(TableEnsureOutcome.AlreadyExisted, ensured.Outcome);
        Assert.Equal(RecordPaymentOutcome.Recorded, first.Outcome);
        Assert.Equal(RecordPaymentOutcome.AlreadyRecorded, replay.Outcome);
        Assert.Equal(first.Payment, replay.Payment);
        Assert.Equal("19.99 EUR", replay.Payment.Amount.ToString());
        Assert.Equal(["DescribeTable", "DescribeTimeToLive", "TransactWriteItems", "PutItem", "TransactWriteItems", "TransactWriteItems"], log.Operations);
    }

    [Fact]
    public async Task FaultInjector_ThrottledSignUp_IsRetriedBySdkAndSucceeds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var faults = new DynamoDbFaultInjector().Throttle("TransactWriteItems", times: 1);
        await using var services = table.CreateServices(clientOptions: new DynamoDbClientOptions { Faults = faults });

        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "throttled@example.com" }, cancellationToken);

        Assert.Equal(1, faults.Injected);
        Assert.NotNull(await services.GetRequiredService<IUserRepository>().GetAsync(user.UserId, consistentRead: true, cancellationToken));
    }
}
