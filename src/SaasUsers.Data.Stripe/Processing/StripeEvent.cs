using System.Text.Json;

namespace SaasUsers.Data.Stripe.Processing;

/// <summary>A verified, parsed event: the envelope's fields the processor needs, and the object.</summary>
internal sealed record StripeEvent(string Id, string Type, DateTimeOffset CreatedAt, bool Livemode, JsonElement Object);
