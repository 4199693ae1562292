using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SaasUsers.Data;

/// <summary>
/// Reads <see cref="SaasUsersTableOptions"/> from a configuration section by hand: no reflection (so Native AOT
/// and trimming stay safe) and a clear error naming the key when a value does not parse.
/// </summary>
internal static class SaasUsersTableOptionsBinder
{
    public static void Bind(IConfiguration section, SaasUsersTableOptions options)
    {
        // Values that do not parse are kept on the options, not thrown here, so that validation lists them together
        // with every other invalid option (one message, all problems).
        var errors = options.BindErrors;
        ReadString(section, nameof(SaasUsersTableOptions.TableName), v => options.TableName = v);
        ReadString(section, nameof(SaasUsersTableOptions.SstResourceName), v => options.SstResourceName = v);
        ReadString(section, nameof(SaasUsersTableOptions.App), v => options.App = v);
        ReadString(section, nameof(SaasUsersTableOptions.Stage), v => options.Stage = v);
        ReadString(section, nameof(SaasUsersTableOptions.TableBaseName), v => options.TableBaseName = v);
        ReadString(section, nameof(SaasUsersTableOptions.Region), v => options.Region = v);
        ReadString(section, nameof(SaasUsersTableOptions.ServiceUrl), v => options.ServiceUrl = v);
        ReadString(section, nameof(SaasUsersTableOptions.CursorSigningKey), v => options.CursorSigningKey = v);
        Read(section, nameof(SaasUsersTableOptions.BillingMode), errors, ParseBillingMode, v => options.BillingMode = v);
        Read(section, nameof(SaasUsersTableOptions.ReadCapacityUnits), errors, ParseLong, v => options.ReadCapacityUnits = v);
        Read(section, nameof(SaasUsersTableOptions.WriteCapacityUnits), errors, ParseLong, v => options.WriteCapacityUnits = v);
        Read(section, nameof(SaasUsersTableOptions.CreateTableIfMissing), errors, ParseBool, v => options.CreateTableIfMissing = v);
        Read(section, nameof(SaasUsersTableOptions.EnsureTableOnStartup), errors, ParseBool, v => options.EnsureTableOnStartup = v);
        Read(section, nameof(SaasUsersTableOptions.AddMissingIndexes), errors, ParseBool, v => options.AddMissingIndexes = v);
        Read(section, nameof(SaasUsersTableOptions.DeletionProtection), errors, ParseBool, v => options.DeletionProtection = v);
        Read(section, nameof(SaasUsersTableOptions.EnableTimeToLive), errors, ParseBool, v => options.EnableTimeToLive = v);
        Read(section, nameof(SaasUsersTableOptions.IndexActiveTimeout), errors, ParseTimeSpan, v => options.IndexActiveTimeout = v);
        Read(section, nameof(SaasUsersTableOptions.RunMigrationsOnStartup), errors, ParseBool, v => options.RunMigrationsOnStartup = v);
        Read(section, nameof(SaasUsersTableOptions.MigrationLeaseDuration), errors, ParseTimeSpan, v => options.MigrationLeaseDuration = v);
        Read(section, nameof(SaasUsersTableOptions.MigrationLeaseWaitTimeout), errors, ParseTimeSpan, v => options.MigrationLeaseWaitTimeout = v);
        Read(section, nameof(SaasUsersTableOptions.TableActiveTimeout), errors, ParseTimeSpan, v => options.TableActiveTimeout = v);
        Read(section, nameof(SaasUsersTableOptions.CursorLifetime), errors, ParseTimeSpan, v => options.CursorLifetime = v);
        Read(section, nameof(SaasUsersTableOptions.PaymentIdempotencyRetention), errors, ParseTimeSpan, v => options.PaymentIdempotencyRetention = v);
        Read(section, nameof(SaasUsersTableOptions.MaxBatchAttempts), errors, ParseInt, v => options.MaxBatchAttempts = v);
        Read(section, nameof(SaasUsersTableOptions.MaxBatchConcurrency), errors, ParseInt, v => options.MaxBatchConcurrency = v);
        Read(section, nameof(SaasUsersTableOptions.MaxTransactionAttempts), errors, ParseInt, v => options.MaxTransactionAttempts = v);
        Read(section, nameof(SaasUsersTableOptions.RequestTimeout), errors, ParseTimeSpan, v => options.RequestTimeout = v);
        Read(section, nameof(SaasUsersTableOptions.MaxErrorRetry), errors, ParseInt, v => options.MaxErrorRetry = v);
        Read(section, nameof(SaasUsersTableOptions.HealthCheckTimeout), errors, ParseTimeSpan, v => options.HealthCheckTimeout = v);
        foreach (var tag in section.GetSection(nameof(SaasUsersTableOptions.Tags)).GetChildren())
        {
            options.Tags[tag.Key] = tag.Value ?? string.Empty;
        }

        foreach (var role in section.GetSection(nameof(SaasUsersTableOptions.OrganizationRoles)).GetChildren())
        {
            if (role.Value is { } name)
            {
                options.OrganizationRoles.Add(name);
            }
        }
    }

    private static void ReadString(IConfiguration section, string key, Action<string> set)
    {
        if (section[key] is { } value)
        {
            set(value);
        }
    }

    private static void Read<T>(IConfiguration section, string key, List<string> errors, Func<string, T?> parse, Action<T> set)
        where T : struct
    {
        if (section[key] is not { } text)
        {
            return;
        }

        if (parse(text) is { } value)
        {
            set(value);
        }
        else
        {
            var path = section is IConfigurationSection s ? s.Path + ":" + key : key;
            errors.Add($"{key}: '{text}' at configuration key '{path}' is not a valid {typeof(T).Name}.");
        }
    }

    private static bool? ParseBool(string text) => bool.TryParse(text, out var value) ? value : null;

    private static int? ParseInt(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? ParseLong(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? ParseTimeSpan(string text) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TableBillingMode? ParseBillingMode(string text) => text.Trim().ToUpperInvariant() switch
    {
        "PAYPERREQUEST" or "PAY_PER_REQUEST" => TableBillingMode.PayPerRequest,
        "PROVISIONED" => TableBillingMode.Provisioned,
        _ => null,
    };
}
