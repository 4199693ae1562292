using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Reliability;

/// <summary>
/// Bad input across the public API, one case a row: each is refused with the exact exception type, the exception
/// names the argument (its <c>ParamName</c>, or the option in the message), and no request reaches DynamoDB (the
/// client's request log stays empty). For the cases that would write, the table also reads exactly as before; for
/// reads and options a full read of the table could not fail (a read writes nothing whether refused or not), so the
/// empty request log is their proof.
/// </summary>
public sealed class BadInputMatrixTests(BadInputTableFixture table) : IClassFixture<BadInputTableFixture>
{
    private const string Nul = "\u0000";

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    // The entry points that write when they are let through: for these, "the table is unchanged" can fail.
    private static readonly string[] WritingEntryPoints =
    [
        "Users.CreateAsync", "Users.UpdateProfileAsync", "Users.ChangeEmailAsync", "Users.LinkPaymentCustomerAsync", "Users.DeleteAsync",
        "Payments.RecordAsync", "Subscriptions.ApplyChangeAsync", "EntityTable.CreateAsync", "EntityTable.PutAsync", "EntityTable.TransactWriteAsync",
        "EntityTable.BatchWriteAsync", "TransactionBuilder.Create", "BatchWriteBuilder.Put", "new TableProvisioner", "TableProvisioner.EnsureTableAsync",
    ];

    private static IReadOnlyList<BadInput> Cases { get; } =
    [
        // Users: ids
        Arg<ArgumentNullException>("Users.GetAsync: user id null", "userId", c => c.Users.GetAsync(null!, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.GetAsync: user id empty", "userId", c => c.Users.GetAsync(string.Empty, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.GetAsync: user id whitespace", "userId", c => c.Users.GetAsync("   ", cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.GetAsync: user id with a space", "userId", c => c.Users.GetAsync("alice USER", cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.GetAsync: user id with a non-ASCII letter", "userId", c => c.Users.GetAsync("alic\u00e9", cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.GetAsync: user id with a NUL control character", "userId", c => c.Users.GetAsync("alice" + Nul, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.GetAsync: user id of 256 characters", "userId", c => c.Users.GetAsync(new string('a', 256), cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: user id with a Cyrillic look-alike letter", "UserId", c => c.Users.CreateAsync(new NewUser { Email = "new@example.com", UserId = "\u0430lice" }, c.Cancel)),
        Arg<ArgumentNullException>("Users.CreateAsync: new user null", "newUser", c => c.Users.CreateAsync(null!, c.Cancel)),

        // Users: e-mail, profile
        Arg<ArgumentNullException>("Users.CreateAsync: e-mail null", "Email", c => c.Users.CreateAsync(new NewUser { Email = null! }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: e-mail without a domain", "Email", c => c.Users.CreateAsync(new NewUser { Email = "alice@" }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: e-mail with a CR LF header injection", "Email", c => c.Users.CreateAsync(new NewUser { Email = "eve@example.com\r\nBcc: all@example.com" }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: e-mail of 255 characters", "Email", c => c.Users.CreateAsync(new NewUser { Email = new string('a', 64) + "@" + new string('b', 186) + ".com" }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: display name of 201 characters", "DisplayName", c => c.Users.CreateAsync(new NewUser { Email = "new@example.com", DisplayName = new string('x', 201) }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: display name with an escape control character", "DisplayName", c => c.Users.CreateAsync(new NewUser { Email = "new@example.com", DisplayName = "Eve\u001b[31m" }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: 51 metadata entries", "Metadata", c => c.Users.CreateAsync(new NewUser { Email = "new@example.com", Metadata = Enumerable.Range(0, 51).ToDictionary(i => "k" + i, i => "v") }, c.Cancel)),
        Arg<ArgumentException>("Users.CreateAsync: metadata value of 1025 characters", "Metadata", c => c.Users.CreateAsync(new NewUser { Email = "new@example.com", Metadata = new Dictionary<string, string> { ["k"] = new string('v', 1025) } }, c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Users.UpdateProfileAsync: unknown user status 7", "Status", c => c.Users.UpdateProfileAsync(c.Seed.Alice with { Status = (UserStatus)7 }, c.Cancel)),
        Arg<ArgumentException>("Users.ChangeEmailAsync: new e-mail with two '@'", "newEmail", c => c.Users.ChangeEmailAsync(c.Seed.Alice, "alice@@example.com", c.Cancel)),
        Arg<ArgumentException>("Users.FindByEmailAsync: e-mail whitespace", "email", c => c.Users.FindByEmailAsync(" \t ", c.Cancel)),
        Arg<ArgumentException>("Users.LinkPaymentCustomerAsync: provider in upper case", "paymentProvider", c => c.Users.LinkPaymentCustomerAsync(c.Seed.Alice.UserId, "Stripe", "cus_1", c.Cancel)),
        Arg<ArgumentException>("Users.LinkPaymentCustomerAsync: customer id with a tab", "providerCustomerId", c => c.Users.LinkPaymentCustomerAsync(c.Seed.Alice.UserId, "stripe", "cus\tbob", c.Cancel)),
        Arg<ArgumentException>("Users.DeleteAsync: user id with a line feed", "userId", c => c.Users.DeleteAsync(c.Seed.Alice.UserId + "\n", c.Cancel)),

        // Users: the admin listing
        Arg<ArgumentOutOfRangeException>("Users.ListBySignUpDateAsync: page size 0", "PageSize", c => c.Users.ListBySignUpDateAsync(c.Seed.SignUps with { PageSize = 0 }, c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Users.ListBySignUpDateAsync: page size 1001", "PageSize", c => c.Users.ListBySignUpDateAsync(c.Seed.SignUps with { PageSize = 1001 }, c.Cancel)),
        Arg<ArgumentException>("Users.ListBySignUpDateAsync: From after To", "From", c => c.Users.ListBySignUpDateAsync(c.Seed.SignUps with { From = c.Seed.SignUps.To.AddDays(1) }, c.Cancel)),
        Arg<InvalidCursorException>("Users.ListBySignUpDateAsync: cursor of another date range", "Cursor", c => c.Users.ListBySignUpDateAsync(c.Seed.SignUps with { From = c.Seed.SignUps.From.AddHours(-1), Cursor = c.Seed.SignUpCursor }, c.Cancel)),

        // Payments
        Arg<ArgumentNullException>("Payments.RecordAsync: payment null", "payment", c => c.Payments.RecordAsync(null!, cancellationToken: c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Payments.RecordAsync: negative amount", "AmountMinor", c => c.Payments.RecordAsync(c.Seed.Payment with { Amount = new Money(-1, "EUR") }, cancellationToken: c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Payments.RecordAsync: overflowing amount (long.MaxValue)", "AmountMinor", c => c.Payments.RecordAsync(c.Seed.Payment with { Amount = new Money(long.MaxValue, "EUR") }, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Payments.RecordAsync: unknown currency XTS", "Currency", c => c.Payments.RecordAsync(c.Seed.Payment with { Amount = new Money(100, "XTS") }, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Payments.RecordAsync: currency of four letters", "Currency", c => c.Payments.RecordAsync(c.Seed.Payment with { Amount = new Money(100, "EURO") }, cancellationToken: c.Cancel)),
        Arg<ArgumentNullException>("Payments.RecordAsync: amount null", "Amount", c => c.Payments.RecordAsync(c.Seed.Payment with { Amount = null! }, cancellationToken: c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Payments.RecordAsync: unknown payment status 99", "Status", c => c.Payments.RecordAsync(c.Seed.Payment with { Status = (PaymentStatus)99 }, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Payments.RecordAsync: provider with the key delimiter", "PaymentProvider", c => c.Payments.RecordAsync(c.Seed.Payment with { PaymentProvider = "stripe#cs_1" }, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Payments.RecordAsync: checkout session id with a control character", "CheckoutSessionId", c => c.Payments.RecordAsync(c.Seed.Payment with { CheckoutSessionId = "cs_\u0007" }, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("Payments.RecordAsync: subscription change for another user", "subscriptionChange", c => c.Payments.RecordAsync(c.Seed.Payment, c.Seed.Change with { UserId = c.Seed.Bob.UserId }, c.Cancel)),
        Arg<ArgumentException>("Payments.GetByCheckoutSessionAsync: session id empty", "checkoutSessionId", c => c.Payments.GetByCheckoutSessionAsync("stripe", string.Empty, c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Payments.ListAsync: page size 0", "pageSize", c => c.Payments.ListAsync(c.Seed.Alice.UserId, 0, cancellationToken: c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Payments.ListAsync: page size 1001", "pageSize", c => c.Payments.ListAsync(c.Seed.Alice.UserId, 1001, cancellationToken: c.Cancel)),
        Arg<InvalidCursorException>("Payments.ListAsync: tampered cursor", "cursor", c => c.Payments.ListAsync(c.Seed.Alice.UserId, 1, Tamper(c.Seed.AlicePaymentsCursor), c.Cancel)),
        Arg<InvalidCursorException>("Payments.ListAsync: another user's cursor", "cursor", c => c.Payments.ListAsync(c.Seed.Bob.UserId, 1, c.Seed.AlicePaymentsCursor, c.Cancel)),
        Arg<InvalidCursorException>("Payments.ListAsync: cursor that is not base64url", "cursor", c => c.Payments.ListAsync(c.Seed.Alice.UserId, 1, "not a cursor!", c.Cancel)),

        // Subscriptions and accounts
        Arg<ArgumentOutOfRangeException>("Subscriptions.ApplyChangeAsync: unknown subscription status 42", "Status", c => c.Subscriptions.ApplyChangeAsync(c.Seed.Change with { Status = (SubscriptionStatus)42 }, c.Cancel)),
        Arg<ArgumentException>("Subscriptions.ApplyChangeAsync: event time not set", "EventAt", c => c.Subscriptions.ApplyChangeAsync(c.Seed.Change with { EventAt = default }, c.Cancel)),
        Arg<ArgumentException>("Subscriptions.ApplyChangeAsync: plan id of 256 characters", "PlanId", c => c.Subscriptions.ApplyChangeAsync(c.Seed.Change with { PlanId = new string('p', 256) }, c.Cancel)),
        Arg<ArgumentNullException>("Subscriptions.ApplyChangeAsync: change null", "change", c => c.Subscriptions.ApplyChangeAsync(null!, c.Cancel)),
        Arg<ArgumentException>("Subscriptions.FindByProviderSubscriptionIdAsync: id with a line feed", "providerSubscriptionId", c => c.Subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub\n1", c.Cancel)),
        Arg<ArgumentOutOfRangeException>("Accounts.GetOverviewAsync: 101 latest payments", "latestPayments", c => c.Accounts.GetOverviewAsync(c.Seed.Alice.UserId, 101, c.Cancel)),

        // The entity table: item size, keys, queries, transactions
        Arg<ArgumentException>("EntityTable.CreateAsync: item over 400 KB", "entity", c => c.Table.CreateAsync(Document(410 * 1024), c.Cancel)),
        Arg<ArgumentException>("EntityTable.PutAsync: item over 400 KB (multi-byte characters)", "entity", c => c.Table.PutAsync(Document(140 * 1024, '\u20ac'), c.Cancel)),
        Arg<ArgumentException>("TransactionBuilder.Create: item over 400 KB", "entity", c => c.Table.TransactWriteAsync(new TransactionBuilder().Create(Document(410 * 1024)), c.Cancel)),
        Arg<ArgumentException>("BatchWriteBuilder.Put: item over 400 KB", "entity", c => c.Table.BatchWriteAsync(new BatchWriteBuilder().Put(Document(410 * 1024)), c.Cancel)),
        Arg<ArgumentException>("EntityTable.CreateAsync: key part with a control character", "Tenant", c => c.Table.CreateAsync(new TenantDocument { Tenant = "acme\u0001", Project = "p", DocumentId = "d" }, c.Cancel)),
        Arg<ArgumentException>("EntityTable.CreateAsync: key part whitespace", "DocumentId", c => c.Table.CreateAsync(new TenantDocument { Tenant = "acme", Project = "p", DocumentId = " " }, c.Cancel)),
        Arg<ArgumentException>("EntityTable.GetAsync: empty primary key", "key", c => c.Table.GetAsync<TenantDocument>(default, cancellationToken: c.Cancel)),
        Arg<ArgumentException>("EntityTable.TransactWriteAsync: no actions", "transaction", c => c.Table.TransactWriteAsync(new TransactionBuilder(), c.Cancel)),
        Arg<ArgumentOutOfRangeException>("EntityTable.QueryAsync: page size 0", "PageSize", c => c.Table.QueryAsync(new ItemQuery("USER#alice") { PageSize = 0 }, c.Cancel)),
        Arg<ArgumentOutOfRangeException>("EntityTable.QueryAsync: index 21 (past GSI20)", "Index", c => c.Table.QueryAsync(new ItemQuery("X") { Index = 21 }, c.Cancel)),
        Arg<ArgumentOutOfRangeException>("EntityTable.QueryAsync: index 9, which the model does not define", "Index", c => c.Table.QueryAsync(new ItemQuery("X") { Index = 9 }, c.Cancel)),
        Arg<ArgumentException>("EntityTable.QueryAsync: consistent read on an index", "ConsistentRead", c => c.Table.QueryAsync(new ItemQuery("X") { Index = 1, ConsistentRead = true }, c.Cancel)),

        // Table names and options
        Arg<ArgumentException>("new EntityTable: table name of two characters", "options", c => Construct(() => new EntityTable(c.Client, c.Model, c.Options(o => o.TableName = "ab")).GetAsync<User>(User.CreateKey("alice"), cancellationToken: c.Cancel))),
        Arg<ArgumentException>("new EntityTable: table name with a space", "options", c => Construct(() => new EntityTable(c.Client, c.Model, c.Options(o => o.TableName = "users table")).GetAsync<User>(User.CreateKey("alice"), cancellationToken: c.Cancel))),
        Arg<ArgumentException>("new TableProvisioner: table name with '/'", "options", c => Construct(() => new TableProvisioner(c.Client, c.Model, c.Options(o => o.TableName = "users/../admin")).EnsureTableAsync(c.Cancel))),
        Arg<ArgumentException>("new EntityTable: cursor signing key of 8 bytes", "options", c => Construct(() => new EntityTable(c.Client, c.Model, c.Options(o => o.CursorSigningKey = Convert.ToBase64String(new byte[8]))).GetAsync<User>(User.CreateKey("alice"), cancellationToken: c.Cancel))),
        Message<OptionsValidationException>("AddSaasUsersTable: invalid table name", "TableName", c => c.FromOptions(o => o.TableName = "a")),
        Message<OptionsValidationException>("AddSaasUsersTable: region that is not a region", "Region", c => c.FromOptions(o => o.Region = "mars-central")),
        Message<OptionsValidationException>("AddSaasUsersTable: cursor lifetime of zero", "CursorLifetime", c => c.FromOptions(o => o.CursorLifetime = TimeSpan.Zero)),
        Message<OptionsValidationException>("AddSaasUsersTable: service URL that is not http", "ServiceUrl", c => c.FromOptions(o => o.ServiceUrl = "file:///etc/passwd")),

        // A token cancelled before the call
        Cancelled("Users.CreateAsync: cancelled token", (c, token) => c.Users.CreateAsync(new NewUser { Email = "cancelled@example.com" }, token)),
        Cancelled("Users.GetAsync: cancelled token", (c, token) => c.Users.GetAsync(c.Seed.Alice.UserId, cancellationToken: token)),
        Cancelled("Payments.RecordAsync: cancelled token", (c, token) => c.Payments.RecordAsync(c.Seed.Payment with { CheckoutSessionId = "cs_cancelled" }, cancellationToken: token)),
        Cancelled("EntityTable.BatchWriteAsync: cancelled token", (c, token) => c.Table.BatchWriteAsync(new BatchWriteBuilder().Put(Document(10)), token)),
        Cancelled("Subscriptions.ApplyChangeAsync: cancelled token", (c, token) => c.Subscriptions.ApplyChangeAsync(c.Seed.Change, token)),
        Cancelled("TableProvisioner.EnsureTableAsync: cancelled token", (c, token) => new TableProvisioner(c.Client, c.Model, c.Options(_ => { })).EnsureTableAsync(token)),
    ];

    [Fact]
    public void TheMatrix_HasAtLeast25DistinctCases_AndAtLeast25ThatWouldWrite()
    {
        Assert.True(Cases.Count >= 25, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.True(Cases.Count(c => c.Writes) >= 25, $"{Cases.Count(c => c.Writes)} cases that would write");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_IsRefusedNamingTheArgument_BeforeAnyRequest_AndAWriteLeavesTheTableUnchanged(string caseName)
    {
        // Given
        var cancel = TestContext.Current.CancellationToken;
        var badInput = Cases.Single(c => c.Name == caseName);
        var seed = await table.SeedAsync(cancel);
        var log = new DynamoDbRequestLog();
        using var client = table.CreateClient(new DynamoDbClientOptions { RequestLog = log });
        await using var services = table.CreateServices(s => s.AddSingleton(client), new DynamoDbClientOptions { RequestLog = log });
        var context = new BadInputContext(table, services, client, seed, cancel);
        var before = await table.SnapshotAsync(cancel);

        // When
        var error = await Assert.ThrowsAsync(badInput.Exception, () => badInput.Act(context));

        // Then the exception names the argument or option
        badInput.Verify(error);

        // And nothing was sent, and (for a case that would write) nothing changed
        Assert.Empty(log.Operations);
        if (badInput.Writes)
        {
            Assert.Equal(before, await table.SnapshotAsync(cancel));
        }

        ReliabilityFigures.Add(ReliabilityFigures.BadInputsTried, 1);
    }

    private static BadInput Arg<TException>(string name, string paramName, Func<BadInputContext, Task> act)
        where TException : ArgumentException =>
        new(name, typeof(TException), act, error =>
        {
            var argumentError = Assert.IsAssignableFrom<ArgumentException>(error);
            Assert.Equal(paramName, argumentError.ParamName);
            Assert.Contains(paramName, argumentError.Message, StringComparison.Ordinal);
        });

    private static BadInput Message<TException>(string name, string optionName, Func<BadInputContext, Task> act)
        where TException : Exception =>
        new(name, typeof(TException), act, error => Assert.Contains(optionName, error.Message, StringComparison.Ordinal));

    private static BadInput Cancelled(string name, Func<BadInputContext, CancellationToken, Task> act)
    {
        var token = new CancellationToken(canceled: true);
        return new(name, typeof(OperationCanceledException), c => act(c, token), error => Assert.Equal(token, ((OperationCanceledException)error).CancellationToken));
    }

    private static async Task Construct(Func<Task> act) => await act();

    private static TenantDocument Document(int bodyLength, char fill = 'x') =>
        new() { Tenant = "acme", Project = "big", DocumentId = "d-" + bodyLength, Body = new string(fill, bodyLength) };

    // Changes one character in the middle of the cursor to another base64url character.
    private static string Tamper(string cursor)
    {
        var chars = cursor.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private sealed record BadInput(string Name, Type Exception, Func<BadInputContext, Task> Act, Action<Exception> Verify)
    {
        /// <summary>Whether the entry point (the name up to the colon) writes when it is let through.</summary>
        public bool Writes => WritingEntryPoints.Contains(Name[..Name.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal);
    }
}

/// <summary>What a bad-input case can call: the repositories and table of one service provider, all on a logged client.</summary>
public sealed class BadInputContext(BadInputTableFixture table, IServiceProvider services, IAmazonDynamoDB client, BadInputSeed seed, CancellationToken cancel)
{
    public IUserRepository Users => services.GetRequiredService<IUserRepository>();

    public ISubscriptionRepository Subscriptions => services.GetRequiredService<ISubscriptionRepository>();

    public ICheckoutPaymentRepository Payments => services.GetRequiredService<ICheckoutPaymentRepository>();

    public IAccountRepository Accounts => services.GetRequiredService<IAccountRepository>();

    public IEntityTable Table => services.GetRequiredService<IEntityTable>();

    public IAmazonDynamoDB Client => client;

    public TableModel Model => table.Model;

    public BadInputSeed Seed => seed;

    public CancellationToken Cancel => cancel;

    public SaasUsersTableOptions Options(Action<SaasUsersTableOptions> change)
    {
        var options = table.CreateOptions();
        change(options);
        return options;
    }

    /// <summary>Builds the services the way an application does, with the changed options and the logged client, and uses them.</summary>
    public async Task FromOptions(Action<SaasUsersTableOptions> change)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(client);
        collection.AddSaasUsersTable(o =>
        {
            o.TableName = table.TableName;
            o.ServiceUrl = table.ServiceUrl.ToString();
            o.Region = DynamoDbLocal.Region;
            change(o);
        });
        await using var provider = collection.BuildServiceProvider();
        await provider.GetRequiredService<IUserRepository>().GetAsync("alice", cancellationToken: cancel);
    }
}

/// <summary>Two users with payments, a subscription change and cursors of real listings, made once per fixture.</summary>
public sealed record BadInputSeed(
    User Alice,
    User Bob,
    NewCheckoutPayment Payment,
    SubscriptionChange Change,
    string AlicePaymentsCursor,
    SignUpListQuery SignUps,
    string SignUpCursor);

/// <summary>The bad-input matrix's table, seeded on first use.</summary>
public sealed class BadInputTableFixture : DynamoDbTableFixture
{
    private readonly Lazy<Task<BadInputSeed>> _seed;

    public BadInputTableFixture(DynamoDbLocalFixture dynamoDb)
        : base(dynamoDb)
    {
        _seed = new Lazy<Task<BadInputSeed>>(() => SeedCoreAsync(CancellationToken.None));
    }

    public Task<BadInputSeed> SeedAsync(CancellationToken cancellationToken) => _seed.Value.WaitAsync(cancellationToken);

    public Task<IReadOnlyList<string>> SnapshotAsync(CancellationToken cancellationToken) => TableSnapshot.TakeAsync(Client, TableName, cancellationToken);

    protected override void ConfigureModel(TableModelBuilder model) => model.Add<TenantDocument>();

    private async Task<BadInputSeed> SeedCoreAsync(CancellationToken cancel)
    {
        await using var services = CreateServices();
        var users = services.GetRequiredService<IUserRepository>();
        var payments = services.GetRequiredService<ICheckoutPaymentRepository>();
        var alice = await users.CreateAsync(new NewUser { Email = "alice@example.com", UserId = "alice", DisplayName = "Alice" }, cancel);
        var bob = await users.CreateAsync(new NewUser { Email = "bob@example.com", UserId = "bob", DisplayName = "Bob" }, cancel);
        for (var i = 0; i < 3; i++)
        {
            await payments.RecordAsync(InjectedFaultTests.Payment("alice", $"cs_alice_{i}"), cancellationToken: cancel);
            await payments.RecordAsync(InjectedFaultTests.Payment("bob", $"cs_bob_{i}"), cancellationToken: cancel);
        }

        var alicePage = await payments.ListAsync("alice", 1, cancellationToken: cancel);
        var now = DateTimeOffset.UtcNow;
        var signUps = new SignUpListQuery { From = now.AddDays(-1), To = now.AddDays(1), PageSize = 1 };
        var signUpPage = await users.ListBySignUpDateAsync(signUps, cancel);
        var change = new SubscriptionChange
        {
            UserId = "alice",
            SubscriptionId = "sub_alice",
            PaymentProvider = "stripe",
            PlanId = "pro",
            Status = SubscriptionStatus.Active,
            EventAt = now,
        };
        return new BadInputSeed(
            alice,
            bob,
            InjectedFaultTests.Payment("alice", "cs_alice_new"),
            change,
            alicePage.NextCursor ?? throw new InvalidOperationException("Alice's payments should span pages."),
            signUps,
            signUpPage.NextCursor ?? throw new InvalidOperationException("The sign-up listing should span pages."));
    }
}
