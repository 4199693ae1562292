using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Stripe;

namespace SaasUsers.Data.WebSample;

/// <summary>
/// What Stripe would send after a subscription checkout, for a sample without a Stripe account: the events
/// <c>checkout.session.completed</c>, <c>customer.subscription.created</c> and <c>invoice.paid</c> in Stripe's JSON,
/// each signed with the endpoint secret by Stripe's documented scheme (<c>Stripe-Signature: t=..,v1=..</c>) and
/// posted to the application's own webhook endpoint, where they take the path real deliveries take.
/// </summary>
public sealed class CheckoutSimulator(HttpClient http, IOptions<StripeWebhookOptions> options, TimeProvider clock)
{
    /// <summary>The plan the simulated checkout buys: a Stripe product and its monthly price.</summary>
    public const string Product = "prod_sample_pro";

    public const long MonthlyAmount = 2900;

    public const string Currency = "eur";

    /// <summary>Posts the checkout's events for <paramref name="account"/> to <paramref name="webhook"/>; returns what the endpoint answered to each.</summary>
    public async Task<IReadOnlyList<SimulatedDelivery>> CheckoutAsync(Uri webhook, BillingAccount account, int seats, CancellationToken cancellationToken)
    {
        var run = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var customer = $"cus_{run}";
        var subscription = $"sub_{run}";
        var now = clock.GetUtcNow();
        var periodEnd = now.AddMonths(1).ToUnixTimeSeconds();
        var metadata = Metadata(account);

        var session = new JsonObject
        {
            ["id"] = $"cs_test_{run}",
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            // What the application's real checkout sets: org_{id} for an organization, the user's id for a user.
            ["client_reference_id"] = StripeClientReference.For(account),
            ["customer"] = customer,
            ["subscription"] = subscription,
            ["payment_status"] = "paid",
            ["status"] = "complete",
            ["amount_total"] = MonthlyAmount * seats,
            ["currency"] = Currency,
            ["metadata"] = metadata.DeepClone(),
        };
        var stripeSubscription = new JsonObject
        {
            ["id"] = subscription,
            ["object"] = "subscription",
            ["status"] = "active",
            ["customer"] = customer,
            ["cancel_at_period_end"] = false,
            ["metadata"] = metadata.DeepClone(),
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"si_{run}",
                    ["object"] = "subscription_item",
                    ["quantity"] = seats,
                    ["current_period_end"] = periodEnd,
                    ["price"] = new JsonObject
                    {
                        ["id"] = "price_sample_pro_monthly",
                        ["object"] = "price",
                        ["product"] = Product,
                        ["unit_amount"] = MonthlyAmount,
                        ["currency"] = Currency,
                        ["recurring"] = new JsonObject { ["interval"] = "month", ["interval_count"] = 1 },
                    },
                }),
            },
        };
        var invoice = new JsonObject
        {
            ["id"] = $"in_{run}",
            ["object"] = "invoice",
            ["customer"] = customer,
            ["status"] = "paid",
            ["amount_due"] = MonthlyAmount * seats,
            ["amount_paid"] = MonthlyAmount * seats,
            ["currency"] = Currency,
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = subscription, ["metadata"] = metadata.DeepClone() },
            },
        };

        var deliveries = new List<SimulatedDelivery>();
        foreach (var (type, data) in new[] { ("checkout.session.completed", session), ("customer.subscription.created", stripeSubscription), ("invoice.paid", invoice) })
        {
            deliveries.Add(await PostAsync(webhook, Envelope($"evt_{run}_{deliveries.Count}", type, now, data), cancellationToken));
        }

        return deliveries;
    }

    /// <summary>Stripe's signature header for <paramref name="body"/>: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexString(signed).ToLowerInvariant()}";
    }

    private static JsonObject Metadata(BillingAccount account) => account.Kind == BillingAccountKind.Organization
        ? new JsonObject { ["organization_id"] = account.Id }
        : new JsonObject { ["user_id"] = account.Id };

    private static string Envelope(string id, string type, DateTimeOffset created, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = "2026-10-28.endive",
        ["created"] = created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = data },
    }.ToJsonString();

    private async Task<SimulatedDelivery> PostAsync(Uri webhook, string body, CancellationToken cancellationToken)
    {
        var secret = options.Value.WebhookSecrets.FirstOrDefault()
            ?? throw new InvalidOperationException("SaasUsers:Stripe:WebhookSecrets is empty: the simulator signs with the first secret.");
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", Sign(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        using var response = await http.SendAsync(request, cancellationToken);
        var type = JsonNode.Parse(body)!["type"]!.GetValue<string>();
        return new SimulatedDelivery(type, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

/// <summary>One simulated delivery: the event type and what the webhook endpoint answered.</summary>
public sealed record SimulatedDelivery(string EventType, int StatusCode, string Outcome);
