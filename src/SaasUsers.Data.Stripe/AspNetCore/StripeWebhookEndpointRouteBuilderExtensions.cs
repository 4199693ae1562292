using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Stripe;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Stripe webhook endpoint.</summary>
public static class StripeWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The most bytes a webhook body may have (Stripe's events are far smaller): 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to <see cref="StripeWebhookProcessor"/>: the raw body and the
    /// <c>Stripe-Signature</c> header go to <see cref="StripeWebhookProcessor.ProcessAsync"/>; the answer is 200 when
    /// the event was handled (applied, unchanged, a duplicate, orphaned or ignored), 400 for a refused signature or
    /// payload, 413 for a body over <see cref="MaxBodyBytes"/>, and 500 when the table failed (Stripe delivers again).
    /// Needs <c>AddSaasUsersStripe</c>. The endpoint allows anonymous callers: the signature is the authentication.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, for example <c>/webhooks/stripe</c>.</param>
    /// <returns>The endpoint's convention builder, to add metadata or rate limiting.</returns>
    public static IEndpointConventionBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        _ = endpoints.ServiceProvider.GetService<StripeWebhookProcessor>()
            ?? throw new InvalidOperationException("MapStripeWebhook needs the Stripe webhook processor: call services.AddSaasUsersStripe(...) first.");
        // A RequestDelegate, not a minimal-API handler: no request delegate generation, trim and AOT safe.
        return endpoints.MapPost(pattern, HandleAsync).AllowAnonymous();
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var processor = context.RequestServices.GetRequiredService<StripeWebhookProcessor>();
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            body.Write(buffer, 0, read);
        }

        var result = await processor.ProcessAsync(body.GetBuffer().AsMemory(0, (int)body.Length), request.Headers["Stripe-Signature"].ToString() is { Length: > 0 } header ? header : null, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = result.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(result.Outcome.ToString(), context.RequestAborted).ConfigureAwait(false);
    }
}
