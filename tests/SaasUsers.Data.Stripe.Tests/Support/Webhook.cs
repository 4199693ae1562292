using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace SaasUsers.Data.Stripe.Tests.Support;

/// <summary>Builds, signs and delivers events to a processor, and reads back what they left in the table.</summary>
public sealed class Webhook(IServiceProvider services)
{
    public StripeWebhookProcessor Processor { get; } = services.GetRequiredService<StripeWebhookProcessor>();

    public IUserRepository Users { get; } = services.GetRequiredService<IUserRepository>();

    public ISubscriptionRepository Subscriptions { get; } = services.GetRequiredService<ISubscriptionRepository>();

    public ICheckoutPaymentRepository Payments { get; } = services.GetRequiredService<ICheckoutPaymentRepository>();

    public IEntityTable Table { get; } = services.GetRequiredService<IEntityTable>();

    public IOrganizationRepository Organizations { get; } = services.GetRequiredService<IOrganizationRepository>();

    public IInvitationRepository Invitations { get; } = services.GetRequiredService<IInvitationRepository>();

    public static string Json(string eventId, string type, DateTimeOffset created, IHasObject data) => StripeEvents.Envelope(eventId, type, created, data);

    public Task<StripeWebhookResult> DeliverAsync(string json, CancellationToken cancellationToken) =>
        Processor.ProcessAsync(Encoding.UTF8.GetBytes(json), StripeEvents.Sign(json, DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>Delivers every payload at the same moment (each on its own thread, released together), as Stripe's retries and duplicates can.</summary>
    public async Task<StripeWebhookResult[]> DeliverAtOnceAsync(IEnumerable<string> payloads, CancellationToken cancellationToken)
    {
        using var start = new ManualResetEventSlim();
        var deliveries = payloads.Select(json => Task.Run(async () =>
        {
            start.Wait(cancellationToken);
            return await DeliverAsync(json, cancellationToken);
        }, cancellationToken)).ToArray();
        start.Set();
        return await Task.WhenAll(deliveries);
    }

    public Task<StripeWebhookResult> DeliverAsync(string eventId, string type, DateTimeOffset created, IHasObject data, CancellationToken cancellationToken) =>
        DeliverAsync(Json(eventId, type, created, data), cancellationToken);

    public async Task<User> SignUpAsync(CancellationToken cancellationToken) =>
        await Users.CreateAsync(new NewUser { Email = $"stripe-{Guid.NewGuid():N}@example.com" }, cancellationToken);

    /// <summary>A new user and the organization it owns, with <paramref name="seats"/> seats to start with.</summary>
    public async Task<(User Owner, Organization Organization)> CreateOrganizationAsync(int seats, CancellationToken cancellationToken)
    {
        var owner = await SignUpAsync(cancellationToken);
        var id = Guid.NewGuid().ToString("N")[..12];
        var organization = await Organizations.CreateAsync(new NewOrganization { OrganizationId = "org-" + id, Slug = "team-" + id, Name = "Team " + id, OwnerUserId = owner.UserId, Seats = seats }, cancellationToken);
        return (owner, organization);
    }

    public Task<StripeEventRecordView?> RecordOfAsync(string eventId, CancellationToken cancellationToken) => StripeEventRecordView.ReadAsync(Table, eventId, cancellationToken);
}
