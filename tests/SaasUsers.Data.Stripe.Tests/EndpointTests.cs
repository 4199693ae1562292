using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaasUsers.Data.Stripe.Tests.Support;

namespace SaasUsers.Data.Stripe.Tests;

/// <summary>
/// The endpoint in a real ASP.NET Core application (TestServer), configured the way the README says: the three lines,
/// with the secret from configuration.
/// </summary>
public sealed class EndpointTests(StripeTableFixture table) : IClassFixture<StripeTableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var options = table.CreateOptions();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SaasUsers:TableName"] = options.TableName,
            ["SaasUsers:ServiceUrl"] = options.ServiceUrl,
            ["SaasUsers:Region"] = options.Region,
            ["SaasUsers:CursorSigningKey"] = options.CursorSigningKey,
            ["SaasUsers:Stripe:WebhookSecrets:0"] = "whsec_old_secret_being_rolled",
            ["SaasUsers:Stripe:WebhookSecrets:1"] = StripeEvents.Secret,
        });
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => table.CreateClient());

        // The three lines of the README:
        builder.Services.AddSaasUsersTable(builder.Configuration.GetSection("SaasUsers"));
        builder.Services.AddSaasUsersStripe(builder.Configuration.GetSection("SaasUsers:Stripe"));
        var app = builder.Build();
        app.MapStripeWebhook("/webhooks/stripe");

        await app.StartAsync(Cancel);
        return app;
    }

    private static async Task<HttpResponseMessage> PostAsync(WebApplication app, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return await app.GetTestClient().SendAsync(request, Cancel);
    }

    [Fact]
    public async Task ASignedEvent_IsApplied_And200()
    {
        await using var app = await StartAsync();
        var user = await app.Services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = $"endpoint-{Guid.NewGuid():N}@example.com" }, Cancel);
        var run = Guid.NewGuid().ToString("N")[..10];
        var json = Webhook.Json("evt_" + run, "customer.subscription.created", DateTimeOffset.UtcNow, StripeEvents.Subscription("sub_" + run, "active", "cus_" + run, user.UserId, DateTimeOffset.UtcNow.AddDays(30)));

        using var response = await PostAsync(app, json, StripeEvents.Sign(json, DateTimeOffset.UtcNow));
        using var again = await PostAsync(app, json, StripeEvents.Sign(json, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Applied", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Duplicate", await again.Content.ReadAsStringAsync(Cancel));
        var subscription = await app.Services.GetRequiredService<ISubscriptionRepository>().GetActiveAsync(user.UserId, Cancel);
        Assert.Equal("sub_" + run, subscription?.ProviderSubscriptionId);
    }

    [Fact]
    public async Task AnOrganizationsLifecycle_ShuffledThroughTheEndpoint_EndsInTheNewestStateWithItsSeats()
    {
        // Given an organization (one seat) and its subscription's lifecycle, shuffled
        await using var app = await StartAsync();
        var webhook = new Webhook(app.Services);
        var (owner, organization) = await webhook.CreateOrganizationAsync(1, Cancel);
        var run = Guid.NewGuid().ToString("N")[..10];
        var events = OrganizationWebhookTests.Lifecycle(organization.OrganizationId, owner.UserId, run).Shuffled(7);

        // When each is posted to the endpoint
        var answers = new List<HttpStatusCode>();
        foreach (var json in events)
        {
            using var response = await PostAsync(app, json, StripeEvents.Sign(json, DateTimeOffset.UtcNow));
            answers.Add(response.StatusCode);
        }

        // Then every one is answered 200, and the organization holds the newest state with its 8 seats
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        var subscription = Assert.Single(await webhook.Subscriptions.ListForAccountAsync(BillingAccount.ForOrganization(organization.OrganizationId), Cancel));
        Assert.Equal((SubscriptionStatus.Canceled, 8), (subscription.Status, subscription.Seats));
        var stored = await webhook.Organizations.GetAsync(organization.OrganizationId, consistentRead: true, Cancel);
        Assert.Equal((8, "cus_" + run), (stored?.SeatCount, stored?.ProviderCustomerId));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    [InlineData("unsigned")]
    public async Task ARefusedRequest_Is400_AndWritesNothing(string kind)
    {
        await using var app = await StartAsync();
        var user = await app.Services.GetRequiredService<IUserRepository>().CreateAsync(new NewUser { Email = $"endpoint-{Guid.NewGuid():N}@example.com" }, Cancel);
        var before = await table.KeysAsync(Cancel);
        var run = Guid.NewGuid().ToString("N")[..10];
        var json = Webhook.Json("evt_" + run, "checkout.session.completed", DateTimeOffset.UtcNow, StripeEvents.Checkout("cs_" + run, "payment", user.UserId, null, "paid"));
        var signature = kind switch
        {
            "forged" => StripeEvents.Sign(json, DateTimeOffset.UtcNow, "whsec_someone_else"),
            "expired" => StripeEvents.Sign(json, DateTimeOffset.UtcNow.AddMinutes(-10)),
            _ => null,
        };

        using var response = await PostAsync(app, json, signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidSignature", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(before, await table.KeysAsync(Cancel));
    }

    [Fact]
    public async Task ABodyOverTheLimit_Is413()
    {
        await using var app = await StartAsync();
        var body = new string('x', StripeWebhookEndpointRouteBuilderExtensions.MaxBodyBytes + 1);

        using var response = await PostAsync(app, body, StripeEvents.Sign(body, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public void MapStripeWebhook_WithoutAddSaasUsersStripe_SaysWhatIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapStripeWebhook("/webhooks/stripe"));

        Assert.Contains("AddSaasUsersStripe", error.Message, StringComparison.Ordinal);
    }
}
