using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data;
using SaasUsers.Data.Stripe;
using SaasUsers.Data.Testing;
using Xunit;

namespace PackageConsumer;

/// <summary>The SaasUsers.Data.Stripe package from the feed: a signed webhook applied to the table, its replay a duplicate.</summary>
public sealed class StripePackageTests(DynamoDbLocalFixture dynamoDb)
{
    private const string Secret = "whsec_smoke_test_secret";

    [Fact]
    public async Task ASignedSubscriptionEvent_IsAppliedOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var serviceUrl = await dynamoDb.GetServiceUrlAsync(cancellationToken);
        var tableName = "smoke-stripe-" + Guid.NewGuid().ToString("N")[..8];
        await using var services = new ServiceCollection()
            .AddSaasUsersTable(options =>
            {
                options.TableName = tableName;
                options.ServiceUrl = serviceUrl.ToString();
            })
            .AddSaasUsersStripe(options => options.WebhookSecrets.Add(Secret))
            .BuildServiceProvider();
        var provisioner = services.GetRequiredService<ITableProvisioner>();
        await provisioner.EnsureTableAsync(cancellationToken);
        try
        {
            // Given a user and a signed Stripe event naming the user in the subscription's metadata
            var user = await services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = "stripe.smoke@example.com" }, cancellationToken);
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var payload = Encoding.UTF8.GetBytes(
                "{\"id\":\"evt_smoke\",\"object\":\"event\",\"api_version\":\"2026-10-28.endive\",\"created\":" + created + ",\"livemode\":false," +
                "\"type\":\"customer.subscription.created\",\"data\":{\"object\":{\"id\":\"sub_smoke\",\"object\":\"subscription\",\"status\":\"trialing\"," +
                "\"customer\":\"cus_smoke\",\"metadata\":{\"user_id\":\"" + user.UserId + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_smoke\"," +
                "\"current_period_end\":" + (created + 86400) + ",\"price\":{\"id\":\"price_smoke\",\"product\":\"prod_smoke\",\"unit_amount\":500,\"currency\":\"usd\"," +
                "\"recurring\":{\"interval\":\"month\",\"interval_count\":1}}}]}}}}");
            var t = created.ToString(CultureInfo.InvariantCulture);
            byte[] signedPayload = [.. Encoding.UTF8.GetBytes(t + "."), .. payload];
            var signature = "t=" + t + ",v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signedPayload));
            var processor = services.GetRequiredService<StripeWebhookProcessor>();

            // When it is delivered twice
            var first = await processor.ProcessAsync(payload, signature, cancellationToken);
            var second = await processor.ProcessAsync(payload, signature, cancellationToken);

            // Then it applied once
            Assert.Equal(StripeWebhookOutcome.Applied, first.Outcome);
            Assert.Equal(StripeWebhookOutcome.Duplicate, second.Outcome);
            var subscription = Assert.Single(await services.GetRequiredService<ISubscriptionRepository>().ListAsync(user.UserId, cancellationToken));
            Assert.Equal((SubscriptionStatus.Trialing, "prod_smoke", 1L), (subscription.Status, subscription.PlanId, subscription.Version));
        }
        finally
        {
            await provisioner.DeleteTableAsync(tableName, cancellationToken);
        }
    }
}
