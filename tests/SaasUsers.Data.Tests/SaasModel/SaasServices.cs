using Microsoft.Extensions.DependencyInjection;
using SaasUsers.Data.Testing;

namespace SaasUsers.Data.Tests.SaasModel;

/// <summary>
/// The SaaS repositories as the application resolves them (AddSaasUsersTable on the fixture's table), with the
/// request log of this test and, when given, a fake clock. One per test; dispose it at the end of the test.
/// </summary>
internal sealed class SaasServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private SaasServices(ServiceProvider provider, DynamoDbRequestLog log)
    {
        _provider = provider;
        Log = log;
    }

    /// <summary>Every request the repositories sent (cleared with <c>Log.Clear()</c>).</summary>
    public DynamoDbRequestLog Log { get; }

    public IUserRepository Users => _provider.GetRequiredService<IUserRepository>();

    public ISubscriptionRepository Subscriptions => _provider.GetRequiredService<ISubscriptionRepository>();

    public ICheckoutPaymentRepository Payments => _provider.GetRequiredService<ICheckoutPaymentRepository>();

    public IAccountRepository Accounts => _provider.GetRequiredService<IAccountRepository>();

    public IEntityTable Table => _provider.GetRequiredService<IEntityTable>();

    /// <summary>Signs up a user with the given id (subscription changes and payments need one).</summary>
    public Task<User> SignUpAsync(string userId, CancellationToken cancellationToken) =>
        Users.CreateAsync(new NewUser { UserId = userId, Email = $"{userId}@example.com" }, cancellationToken);

    /// <summary>Builds the services on <paramref name="table"/>; <paramref name="time"/> replaces the system clock when given.</summary>
    public static SaasServices Create(DynamoDbTableFixture table, TimeProvider? time = null)
    {
        var log = new DynamoDbRequestLog();
        var provider = table.CreateServices(
            services =>
            {
                if (time is not null)
                {
                    services.AddSingleton(time);
                }
            },
            new DynamoDbClientOptions { RequestLog = log });
        return new SaasServices(provider, log);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
