using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>The options rules that span several options or need more than an annotation. Each message names the option.</summary>
internal sealed partial class SaasUsersTableOptionsRules : IValidateOptions<SaasUsersTableOptions>
{
    public ValidateOptionsResult Validate(string? name, SaasUsersTableOptions options)
    {
        var failures = new List<string>(options.BindErrors);
        var tableName = options.ResolvedTableName;
        if (string.IsNullOrWhiteSpace(options.TableName) && !string.IsNullOrWhiteSpace(options.SstResourceName)
            && !SstLinkedResource.TryReadName(options.SstResourceName, out _, out var sstError))
        {
            failures.Add(sstError);
        }
        else if (tableName is null)
        {
            failures.Add($"{nameof(SaasUsersTableOptions.TableName)} is required: set it, set {nameof(SaasUsersTableOptions.SstResourceName)} to read it from SST, or set {nameof(SaasUsersTableOptions.App)} and {nameof(SaasUsersTableOptions.Stage)} to name the table {{App}}-{{Stage}}-{{TableBaseName}}.");
        }
        else if (!TableNamePattern().IsMatch(tableName))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.TableName)} '{tableName}' is not a valid DynamoDB table name: use 3 to 255 characters from a-z, A-Z, 0-9, '_', '-' and '.'.");
        }

        if (options.ServiceUrl is { } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.ServiceUrl)} must be an absolute http or https URL, for example http://127.0.0.1:8000.");
        }

        if (options.Region is { } region && !RegionPattern().IsMatch(region))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.Region)} '{region}' is not an AWS region name such as eu-west-1.");
        }

        if (options.CursorSigningKey is { } key)
        {
            var buffer = new byte[key.Length];
            if (!Convert.TryFromBase64String(key, buffer, out var written) || written < 32)
            {
                // The key itself is a secret: never echo it.
                failures.Add($"{nameof(SaasUsersTableOptions.CursorSigningKey)} must be base64 of at least 32 random bytes (for example `openssl rand -base64 32`).");
            }
        }

        foreach (var role in options.OrganizationRoles)
        {
            if (!Validation.InputRules.IsRoleName(role))
            {
                failures.Add($"{nameof(SaasUsersTableOptions.OrganizationRoles)} '{role}' is not a role name: use 1 to 32 lower-case letters, digits, '-' or '_'.");
            }
        }

        if (options.CursorLifetime <= TimeSpan.Zero || options.CursorLifetime > TimeSpan.FromDays(30))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.CursorLifetime)} must be more than zero and at most 30 days.");
        }

        if (options.TableActiveTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SaasUsersTableOptions.TableActiveTimeout)} must be more than zero.");
        }

        if (options.IndexActiveTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SaasUsersTableOptions.IndexActiveTimeout)} must be more than zero.");
        }

        if (options.MigrationLeaseDuration < TimeSpan.FromSeconds(1) || options.MigrationLeaseDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.MigrationLeaseDuration)} must be from one second to one hour.");
        }

        if (options.MigrationLeaseWaitTimeout < TimeSpan.Zero)
        {
            failures.Add($"{nameof(SaasUsersTableOptions.MigrationLeaseWaitTimeout)} must not be negative.");
        }

        if (options.RequestTimeout < TimeSpan.FromSeconds(1) || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.RequestTimeout)} must be from 1 second to 5 minutes.");
        }

        if (options.HealthCheckTimeout < TimeSpan.FromMilliseconds(100) || options.HealthCheckTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.HealthCheckTimeout)} must be from 100 milliseconds to 5 minutes.");
        }

        if (options.PaymentIdempotencyRetention is { } retention && retention < TimeSpan.FromDays(1))
        {
            failures.Add($"{nameof(SaasUsersTableOptions.PaymentIdempotencyRetention)} must be at least one day: providers retry webhooks for days.");
        }

        foreach (var (tagKey, tagValue) in options.Tags)
        {
            if (string.IsNullOrWhiteSpace(tagKey) || tagKey.Length > 128 || tagValue is null || tagValue.Length > 256)
            {
                failures.Add($"{nameof(SaasUsersTableOptions.Tags)} keys must be 1 to 128 characters and values at most 256 characters.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The resolved table name of <paramref name="options"/>, for a constructor that takes options without the host's
    /// validation: refuses a missing or invalid name before any request is sent.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no table, or a name DynamoDB would refuse.</exception>
    internal static string RequireValidTableName(SaasUsersTableOptions options, string paramName)
    {
        if (string.IsNullOrWhiteSpace(options.TableName) && !string.IsNullOrWhiteSpace(options.SstResourceName)
            && !SstLinkedResource.TryReadName(options.SstResourceName, out _, out var sstError))
        {
            throw new ArgumentException(sstError, paramName);
        }

        var tableName = options.ResolvedTableName
            ?? throw new ArgumentException("The options name no table: set TableName, SstResourceName, or App and Stage.", paramName);
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException(
                $"{nameof(SaasUsersTableOptions.TableName)} '{tableName}' is not a valid DynamoDB table name: use 3 to 255 characters from a-z, A-Z, 0-9, '_', '-' and '.'.",
                paramName);
        }

        return tableName;
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
