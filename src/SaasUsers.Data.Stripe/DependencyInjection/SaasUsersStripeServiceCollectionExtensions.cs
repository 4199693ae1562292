using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SaasUsers.Data;
using SaasUsers.Data.Stripe;
using SaasUsers.Data.Stripe.Events;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Stripe webhook processor on the SaasUsers table.</summary>
public static class SaasUsersStripeServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StripeWebhookProcessor"/> (a singleton) with options from a configuration section, for example
    /// <c>builder.Configuration.GetSection("SaasUsers:Stripe")</c>: <c>WebhookSecrets</c> (one secret as a value, or
    /// several as children <c>WebhookSecrets:0</c>, <c>WebhookSecrets:1</c>), <c>SignatureTolerance</c>,
    /// <c>EventRetention</c>, <c>UserIdMetadataKey</c>, <c>OrganizationIdMetadataKey</c>. Needs <c>AddSaasUsersTable</c>; adds the event record to the
    /// table model. Options are validated when the host starts; a value that does not parse fails then, naming its key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersStripe(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StripeWebhookOptions>().Configure(options => Bind(configuration, options));
        return AddCore(services);
    }

    /// <summary>Adds <see cref="StripeWebhookProcessor"/> with options set in code; see the other overload.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSaasUsersStripe(this IServiceCollection services, Action<StripeWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StripeWebhookOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<StripeWebhookOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeWebhookOptions>, StripeWebhookOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(StripeWebhookProcessor)))
        {
            return services;
        }

        services.AddSaasUsersEntity<StripeEventRecord>();
        services.AddSaasUsersEntity<StripePaymentLink>();
        services.AddSingleton(sp => new StripeWebhookProcessor(
            sp.GetRequiredService<SaasUsersRepositories>(),
            sp.GetRequiredService<IOptions<StripeWebhookOptions>>().Value,
            sp.GetService<ILogger<StripeWebhookProcessor>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>Binds the options by hand (the reflection binder is not trim-safe; see docs/architecture.md).</summary>
    private static void Bind(IConfiguration configuration, StripeWebhookOptions options)
    {
        var secrets = configuration.GetSection(nameof(StripeWebhookOptions.WebhookSecrets));
        if (secrets.Value is { Length: > 0 } single)
        {
            options.WebhookSecrets.Add(single);
        }

        foreach (var child in secrets.GetChildren().OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
        {
            if (child.Value is { } secret)
            {
                options.WebhookSecrets.Add(secret);
            }
        }

        options.SignatureTolerance = TimeSpanOf(configuration, nameof(StripeWebhookOptions.SignatureTolerance)) ?? options.SignatureTolerance;
        options.EventRetention = TimeSpanOf(configuration, nameof(StripeWebhookOptions.EventRetention)) ?? options.EventRetention;
        if (configuration[nameof(StripeWebhookOptions.UserIdMetadataKey)] is { } key)
        {
            options.UserIdMetadataKey = key;
        }

        if (configuration[nameof(StripeWebhookOptions.OrganizationIdMetadataKey)] is { } organizationKey)
        {
            options.OrganizationIdMetadataKey = organizationKey;
        }
    }

    private static TimeSpan? TimeSpanOf(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (value is null)
        {
            return null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new OptionsValidationException(
                nameof(StripeWebhookOptions),
                typeof(StripeWebhookOptions),
                [$"{ConfigurationPath.Combine((configuration as IConfigurationSection)?.Path ?? string.Empty, key)} '{value}' is not a time span (for example 00:05:00)."]);
    }
}
