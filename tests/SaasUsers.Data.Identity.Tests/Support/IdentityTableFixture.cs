using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Identity.Tests;

/// <summary>A fresh table with the Identity entity types, and services with Identity on our stores pointed at it.</summary>
public sealed class IdentityTableFixture(DynamoDbLocalFixture dynamoDb) : DynamoDbTableFixture(dynamoDb)
{
    /// <summary>Identity core (no cookies) on our stores, as a store specification test builds it.</summary>
    public ServiceProvider CreateIdentityServices(DynamoDbRequestLog? requestLog = null, Action<IServiceCollection>? configure = null) =>
        CreateServices(
            services =>
            {
                services.AddLogging();
                services.AddDataProtection();
                services.AddIdentityCore<SaasIdentityUser>(IdentityTestOptions.Apply)
                    .AddRoles<SaasIdentityRole>()
                    .AddDefaultTokenProviders()
                    .AddSaasUsersStores();
                // Fewer PBKDF2 rounds than production (100,000) keep the suite fast; the hash format is the same.
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = IdentityTestOptions.HashIterations);
                configure?.Invoke(services);
            },
            requestLog is null ? null : new DynamoDbClientOptions { RequestLog = requestLog });

    /// <summary>The items that mention a value anywhere (key or attribute), as "PK | SK".</summary>
    public async Task<List<string>> ItemsMentioningAsync(string value, CancellationToken cancellationToken) =>
        (await ScanAsync(cancellationToken))
            .Where(item => item.Values.Any(v => (v.S ?? string.Empty).Contains(value, StringComparison.OrdinalIgnoreCase)))
            .Select(item => item["PK"].S + " | " + item["SK"].S)
            .Order(StringComparer.Ordinal)
            .ToList();

    protected override void ConfigureModel(TableModelBuilder model) => model.AddSaasUsersIdentity();
}

/// <summary>The Identity options every test app uses.</summary>
public static class IdentityTestOptions
{
    public const int HashIterations = 1_000;

    public static void Apply(IdentityOptions options)
    {
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequiredLength = 6;
        options.User.AllowedUserNameCharacters = null!;
        options.Lockout.MaxFailedAccessAttempts = 3;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
    }
}
