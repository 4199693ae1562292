using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Stripe.Tests.Support;

/// <summary>A fresh table with the Stripe event record in its model, and services with the processor pointed at it.</summary>
public sealed class StripeTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    public ServiceProvider CreateStripeServices(DynamoDbRequestLog? requestLog = null, Action<StripeWebhookOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        CreateServices(
            s =>
            {
                s.AddLogging();
                s.AddSaasUsersStripe(o =>
                {
                    o.WebhookSecrets.Add(StripeEvents.Secret);
                    configure?.Invoke(o);
                });
                services?.Invoke(s);
            },
            requestLog is null ? null : new DynamoDbClientOptions { RequestLog = requestLog });

    /// <summary>The keys of every item, as "PK | SK", sorted.</summary>
    public async Task<List<string>> KeysAsync(CancellationToken cancellationToken) =>
        (await ScanAsync(cancellationToken)).Select(i => i["PK"].S + " | " + i["SK"].S).Order(StringComparer.Ordinal).ToList();

    protected override void ConfigureModel(TableModelBuilder model) => model.AddSaasUsersStripe();
}
