using System.Globalization;

namespace SaasUsers.Data.Benchmarks.Data;

/// <summary>
/// The one set of entities every benchmark maps: realistic values (payment-provider style ids, sub-second
/// timestamps, every optional property set so that every index key is written), made from a fixed seed so that
/// every run and every process maps the same data.
/// </summary>
public static class SampleData
{
    private static readonly DateTimeOffset Epoch = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly string[] Plans = ["starter", "team", "business", "enterprise"];

    private static readonly string[] Names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth"];

    /// <summary>The user the single-entity benchmarks map.</summary>
    public static User User { get; } = CreateUser(1);

    /// <summary>The subscription the single-entity benchmarks map.</summary>
    public static Subscription Subscription { get; } = CreateSubscription(User, 1);

    /// <summary>The payment the single-entity benchmarks map.</summary>
    public static CheckoutPayment Payment { get; } = CreatePayment(User, 1);

    /// <summary>A user; <paramref name="n"/> picks the values.</summary>
    public static User CreateUser(int n)
    {
        var random = new Random(n);
        var name = Names[n % Names.Length];
        var createdAt = Epoch.AddMinutes(-97 * n).AddTicks(random.Next(1, 9_999_999));
        var email = name.Replace(' ', '.') + "+" + n.ToString(CultureInfo.InvariantCulture) + "@Example.com";
        return new User
        {
            UserId = Id(random, 32),
            Email = email,
            NormalizedEmail = email.ToLowerInvariant(),
            DisplayName = name,
            Status = n % 17 == 0 ? UserStatus.Suspended : UserStatus.Active,
            PaymentProvider = "stripe",
            ProviderCustomerId = "cus_" + Id(random, 14),
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["locale"] = "en-GB",
                ["timezone"] = "Europe/London",
                ["company"] = "Analytical Engines Ltd",
                ["signupSource"] = "pricing-page",
                ["utmCampaign"] = "spring-launch-2026",
                ["referrer"] = "https://news.example.org/item?id=" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
            },
            CreatedAt = createdAt,
            SignUpMonth = createdAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            UpdatedAt = createdAt.AddDays(3).AddTicks(random.Next(1, 9_999_999)),
            Version = 7,
        };
    }

    /// <summary>A subscription of <paramref name="user"/>; <paramref name="n"/> picks the values.</summary>
    public static Subscription CreateSubscription(User user, int n)
    {
        var random = new Random(HashCode.Combine(user.UserId, n));
        var subscriptionId = "sub_1" + Id(random, 23);
        var createdAt = user.CreatedAt.AddDays(n).AddTicks(random.Next(1, 9_999_999));
        return new Subscription
        {
            SubscriptionId = subscriptionId,
            AccountKind = BillingAccount.UserKind,
            AccountId = user.UserId,
            PlanId = Plans[n % Plans.Length],
            PriceId = "price_1" + Id(random, 23),
            Status = n % 5 == 0 ? SubscriptionStatus.Canceled : SubscriptionStatus.Active,
            CurrentPeriodEnd = createdAt.AddDays(30),
            CancelAtPeriodEnd = n % 3 == 0,
            PaymentProvider = "stripe",
            ProviderSubscriptionId = subscriptionId,
            ProviderCustomerId = user.ProviderCustomerId,
            LastEventAt = createdAt.AddSeconds(42).AddTicks(random.Next(1, 9_999_999)),
            CreatedAt = createdAt,
            UpdatedAt = createdAt.AddSeconds(42).AddTicks(random.Next(1, 9_999_999)),
            Version = 3,
        };
    }

    /// <summary>A payment of <paramref name="user"/>; <paramref name="n"/> picks the values.</summary>
    public static CheckoutPayment CreatePayment(User user, int n)
    {
        var random = new Random(HashCode.Combine(user.UserId, n, 7));
        return new CheckoutPayment
        {
            CheckoutSessionId = "cs_live_a1" + Id(random, 56),
            AccountKind = BillingAccount.UserKind,
            AccountId = user.UserId,
            PaymentProvider = "stripe",
            ProviderPaymentId = "pi_3" + Id(random, 23),
            Amount = new Money(random.Next(500, 50_000), n % 4 == 0 ? "USD" : "EUR"),
            Status = n % 11 == 0 ? PaymentStatus.Unpaid : PaymentStatus.Paid,
            SubscriptionId = "sub_1" + Id(random, 23),
            CreatedAt = user.CreatedAt.AddDays(n).AddHours(1).AddTicks(random.Next(1, 9_999_999)),
        };
    }

    /// <summary>
    /// A query page of mixed items as the table returns them: users' item collections one after the other, each
    /// its user, then three subscriptions, then six payments (1 : 3 : 6), until <paramref name="itemCount"/> items
    /// or, when <paramref name="maxBytes"/> is given, until the next item would pass that many bytes of DynamoDB
    /// item size (a query page stops at 1 MB).
    /// </summary>
    public static List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>> CreatePage(int itemCount, int maxBytes = int.MaxValue)
    {
        var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>(Math.Min(itemCount, 4096));
        var bytes = 0;
        for (var n = 1; items.Count < itemCount; n++)
        {
            var user = CreateUser(n);
            var collection = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>> { User.Mapper.ToItem(user) };
            for (var s = 1; s <= 3; s++)
            {
                collection.Add(Subscription.Mapper.ToItem(CreateSubscription(user, s)));
            }

            for (var p = 1; p <= 6; p++)
            {
                collection.Add(CheckoutPayment.Mapper.ToItem(CreatePayment(user, p)));
            }

            foreach (var item in collection)
            {
                var size = ItemSizes.Of(item);
                if (items.Count == itemCount || bytes + size > maxBytes)
                {
                    return items;
                }

                items.Add(item);
                bytes += size;
            }
        }

        return items;
    }

    private static string Id(Random random, int length)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
