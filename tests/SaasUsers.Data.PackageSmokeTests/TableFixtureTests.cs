using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data;
using SaasUsers.Data.Testing;
using Xunit;

namespace PackageConsumer;

/// <summary>The Testing package's class fixture: a fresh table for this class, used through the repositories.</summary>
public sealed class TableFixtureTests(DynamoDbTableFixture table) : IClassFixture<DynamoDbTableFixture>
{
    [Fact]
    public async Task FixtureTable_MatchesTheModel_AndRecordsACheckoutOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var services = new ServiceCollection()
            .AddSingleton<IAmazonDynamoDB>(table.Client) // the fixture's client; the fixture disposes it
            .AddSaasUsersTable(options => options.TableName = table.TableName)
            .BuildServiceProvider();

        var ensured = await services.GetRequiredService<ITableProvisioner>().EnsureTableAsync(cancellationToken);
        var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "fixture@example.com" }, cancellationToken);
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
    }
}
