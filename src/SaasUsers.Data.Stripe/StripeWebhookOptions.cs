namespace SaasUsers.Data.Stripe;

/// <summary>Options of the Stripe webhook processor (section <c>SaasUsers:Stripe</c> by convention).</summary>
public sealed class StripeWebhookOptions
{
    /// <summary>The default <see cref="SignatureTolerance"/>: five minutes, as Stripe's libraries use.</summary>
    public static readonly TimeSpan DefaultSignatureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="EventRetention"/>: 30 days (Stripe retries for up to three days in live mode).</summary>
    public static readonly TimeSpan DefaultEventRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// The endpoint's signing secrets (<c>whsec_...</c>), at least one. A request signed with any of them is accepted,
    /// so a secret can be rolled: add the new one, then remove the old one when Stripe stops signing with it.
    /// </summary>
    public IList<string> WebhookSecrets { get; } = new List<string>();

    /// <summary>How far the signature's timestamp may be from now (1 second to 1 hour; default 5 minutes): an older delivery is a replay.</summary>
    public TimeSpan SignatureTolerance { get; set; } = DefaultSignatureTolerance;

    /// <summary>
    /// How long the record of a processed event is kept (time to live), so a duplicate delivery changes nothing:
    /// from 4 days (beyond Stripe's three days of retries) to 400 days; default 30 days.
    /// </summary>
    public TimeSpan EventRetention { get; set; } = DefaultEventRetention;

    /// <summary>
    /// The metadata key that names the user on a checkout session, subscription, invoice or customer, when the
    /// checkout's <c>client_reference_id</c> does not (default <c>user_id</c>).
    /// </summary>
    public string UserIdMetadataKey { get; set; } = "user_id";

    /// <summary>
    /// The metadata key that names the organization paying, on a checkout session, subscription, invoice or customer
    /// (default <c>organization_id</c>). An organization named this way is the billing account even when the same
    /// metadata or the client reference also names a user (the user who bought, say).
    /// </summary>
    public string OrganizationIdMetadataKey { get; set; } = "organization_id";
}
