using Microsoft.Extensions.Options;

namespace SaasUsers.Data.Stripe;

/// <summary>Checks <see cref="StripeWebhookOptions"/> when the host starts (every problem at once, no secret in the message).</summary>
internal sealed class StripeWebhookOptionsValidator : IValidateOptions<StripeWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.WebhookSecrets.Count == 0)
        {
            problems.Add("StripeWebhookOptions.WebhookSecrets needs at least one signing secret (the endpoint's whsec_... from Stripe).");
        }

        for (var i = 0; i < options.WebhookSecrets.Count; i++)
        {
            var secret = options.WebhookSecrets[i];
            if (string.IsNullOrWhiteSpace(secret) || secret.Any(char.IsWhiteSpace))
            {
                problems.Add($"StripeWebhookOptions.WebhookSecrets[{i}] is empty or holds white space.");
            }
        }

        if (options.SignatureTolerance < TimeSpan.FromSeconds(1) || options.SignatureTolerance > TimeSpan.FromHours(1))
        {
            problems.Add($"StripeWebhookOptions.SignatureTolerance must be from 00:00:01 to 01:00:00; it is {options.SignatureTolerance}.");
        }

        if (options.EventRetention < TimeSpan.FromDays(4) || options.EventRetention > TimeSpan.FromDays(400))
        {
            problems.Add($"StripeWebhookOptions.EventRetention must be from 4 days (beyond Stripe's three days of retries) to 400 days; it is {options.EventRetention}.");
        }

        if (string.IsNullOrWhiteSpace(options.UserIdMetadataKey))
        {
            problems.Add("StripeWebhookOptions.UserIdMetadataKey is required.");
        }

        if (string.IsNullOrWhiteSpace(options.OrganizationIdMetadataKey))
        {
            problems.Add("StripeWebhookOptions.OrganizationIdMetadataKey is required.");
        }
        else if (options.OrganizationIdMetadataKey == options.UserIdMetadataKey)
        {
            problems.Add($"StripeWebhookOptions.OrganizationIdMetadataKey and UserIdMetadataKey must differ; both are '{options.OrganizationIdMetadataKey}'.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
