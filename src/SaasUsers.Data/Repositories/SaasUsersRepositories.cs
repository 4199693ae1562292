namespace SaasUsers.Data;

/// <summary>
/// The package's SaaS repositories over one <see cref="IEntityTable"/>, for code that does not use dependency
/// injection (a console tool, a Lambda handler without a host, a test). <c>AddSaasUsersTable</c> registers the
/// same repositories as services.
/// </summary>
/// <example>
/// <code>
/// var table = new EntityTable(client, SaasUsersModel.Default, options);
/// var saas = new SaasUsersRepositories(table, options);
/// var user = await saas.Users.CreateAsync(new NewUser { Email = "ada@example.com" });
/// </code>
/// </example>
public sealed class SaasUsersRepositories
{
    /// <summary>Builds the repositories.</summary>
    /// <param name="table">The table they read and write.</param>
    /// <param name="options">The options (<see cref="SaasUsersTableOptions.PaymentIdempotencyRetention"/>, <see cref="SaasUsersTableOptions.OrganizationRoles"/>); the defaults when null.</param>
    /// <param name="timeProvider">The clock for created and updated times and "active now"; the system clock when null.</param>
    public SaasUsersRepositories(IEntityTable table, SaasUsersTableOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        Users = new UserRepository(table, timeProvider);
        Subscriptions = new SubscriptionRepository(table, timeProvider);
        CheckoutPayments = new CheckoutPaymentRepository(table, options ?? new SaasUsersTableOptions(), timeProvider);
        Accounts = new AccountRepository(table, timeProvider);
        Organizations = new OrganizationRepository(table, options ?? new SaasUsersTableOptions(), timeProvider);
        Invitations = new InvitationRepository(table, options ?? new SaasUsersTableOptions(), timeProvider);
    }

    /// <summary>The table the repositories use.</summary>
    public IEntityTable Table { get; }

    /// <summary>Users: sign-up, lookups, profile changes, deletion, the sign-up listing.</summary>
    public IUserRepository Users { get; }

    /// <summary>Subscriptions kept in step with the payment provider.</summary>
    public ISubscriptionRepository Subscriptions { get; }

    /// <summary>Checkout payments, recorded idempotently.</summary>
    public ICheckoutPaymentRepository CheckoutPayments { get; }

    /// <summary>The account overview.</summary>
    public IAccountRepository Accounts { get; }

    /// <summary>Organizations and their members (seat-based billing accounts).</summary>
    public IOrganizationRepository Organizations { get; }

    /// <summary>Invitations to organizations.</summary>
    public IInvitationRepository Invitations { get; }
}
