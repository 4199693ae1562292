using Bogus;

namespace SaasUsers.Data.Sample;

/// <summary>One fake customer: the sign-up, the provider's customer id, the subscription and its checkout payments.</summary>
internal sealed record FakeCustomer(NewUser SignUp, string CustomerId, SubscriptionChange Subscription, IReadOnlyList<NewCheckoutPayment> Payments);

/// <summary>Makes fake customers with Bogus, as a payment provider's webhooks would describe them.</summary>
internal static class FakeCustomers
{
    private const string Provider = "stripe";

    private static readonly (string Plan, long MonthlyAmountMinor)[] Plans = [("starter", 900), ("pro", 2900), ("team", 9900)];

    /// <summary>Makes <paramref name="count"/> customers whose ids and e-mail addresses are unique to <paramref name="run"/>.</summary>
    public static IReadOnlyList<FakeCustomer> Create(int count, string run, DateTimeOffset now)
    {
        var faker = new Faker("en");
        var customers = new List<FakeCustomer>(count);
        for (var i = 0; i < count; i++)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var id = $"{run}-{i:D6}";
            var userId = $"u-{id}";
            var (plan, amount) = faker.PickRandom(Plans);
            var currency = faker.PickRandom("EUR", "USD");
            var months = faker.Random.Int(1, 4);
            var status = faker.Random.WeightedRandom(
                [SubscriptionStatus.Active, SubscriptionStatus.Trialing, SubscriptionStatus.PastDue, SubscriptionStatus.Canceled],
                [0.75f, 0.1f, 0.05f, 0.1f]);
            var subscription = new SubscriptionChange
            {
                UserId = userId,
                SubscriptionId = $"sub_{id}",
                PaymentProvider = Provider,
                PlanId = plan,
                PriceId = $"price_{plan}_monthly",
                Price = new Money(amount, currency),
                Status = status,
                CurrentPeriodEnd = now.AddDays(faker.Random.Int(1, 30)),
                CancelAtPeriodEnd = status == SubscriptionStatus.Canceled || faker.Random.Bool(0.1f),
                ProviderSubscriptionId = $"sub_{id}",
                ProviderCustomerId = $"cus_{id}",
                EventAt = now.AddMonths(-months),
            };
            var payments = Enumerable.Range(1, months)
                .Select(month => new NewCheckoutPayment
                {
                    PaymentProvider = Provider,
                    CheckoutSessionId = $"cs_{id}_{month}",
                    UserId = userId,
                    Amount = new Money(amount, currency),
                    Status = PaymentStatus.Paid,
                    ProviderPaymentId = $"pi_{id}_{month}",
                    SubscriptionId = subscription.SubscriptionId,
                })
                .ToArray();
            var signUp = new NewUser
            {
                UserId = userId,
                Email = $"{Slug(first)}.{Slug(last)}.{i}@seed-{run}.example.com",
                DisplayName = $"{first} {last}",
                Metadata = new Dictionary<string, string> { ["company"] = faker.Company.CompanyName(), ["country"] = faker.Address.CountryCode() },
            };
            customers.Add(new FakeCustomer(signUp, $"cus_{id}", subscription, payments));
        }

        return customers;
    }

    private static string Slug(string name) =>
        name.Where(char.IsAsciiLetter).Select(char.ToLowerInvariant).ToArray() is { Length: > 0 } letters ? new string(letters) : "user";
}
