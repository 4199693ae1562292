using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Security;

/// <summary>
/// With a recognizable fake AWS key pair (and session token) where the AWS SDK really reads credentials (the
/// environment variables, or a profile of a shared credentials file), signing every request, and a recognizable
/// cursor signing key in the configuration section the package reads, no log entry (all levels), exception (message
/// and full text, inner ones included), telemetry tag, health check result or options' ToString carries any of them,
/// across operations that succeed, retry and fail.
/// </summary>
public sealed class SecretLeakTests(DynamoDbLocalFixture dynamoDb)
{
    // Letters and digits only: DynamoDB Local accepts such an access key (and keeps this key's tables apart).
    private const string AccessKey = "AKIASAASUSERSLEAK042";
    private const string SecretKey = "SaasUsersLeakCanary/Secret+0123456789abcdef";
    private const string SessionToken = "SaasUsersLeakSessionCanary/Token+0123456789";
    private static readonly string CursorKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("SaasUsersCursorKeyCanary-0123456789!"));

    private static readonly string[] Secrets = [AccessKey, SecretKey, SessionToken, CursorKey, "LEAK042", "LeakCanary", "LeakSessionCanary", CursorKey[..16]];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("environment")]
    [InlineData("profile")]
    public async Task FakeCredentialsAndCursorKey_NeverAppearInLogsExceptionsTelemetryHealthOrOptions(string credentialSource)
    {
        // Given the fake key pair where the SDK reads it, and the credentials the SDK's default chain finds there
        using var credentialPlace = CredentialPlace.Set(credentialSource);
        // (the profile also named in the client configuration, as AWSOptions.Profile/ProfilesLocation do: the SDK keeps
        // the shared file it read first for the process, which another test may have read already)
        var config = credentialPlace.Profile is { } profile ? new AmazonDynamoDBConfig { Profile = profile } : null;
        var credentials = await new Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(config, Cancel);
        var found = await credentials.GetCredentialsAsync();
        Assert.Equal((AccessKey, SessionToken), (found.AccessKey, found.Token));

        // And an application wired from configuration, its client signing with those credentials
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var tableName = TestTableNames.New("secrets");
        var logs = new CapturingLoggerProvider();
        var texts = new ConcurrentQueue<string>();
        using var activities = ListenToActivities(tableName, texts);
        var faults = new DynamoDbFaultInjector();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SaasUsers:TableName"] = tableName,
            ["SaasUsers:ServiceUrl"] = url.ToString(),
            ["SaasUsers:Region"] = DynamoDbLocal.Region,
            ["SaasUsers:CursorSigningKey"] = CursorKey,
            ["SaasUsers:MaxBatchAttempts"] = "3",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(_ => DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions
        {
            Credentials = credentials,
            Faults = faults,
            MaxErrorRetry = 1,
        }));
        services.AddSaasUsersTable(configuration.GetSection("SaasUsers"));
        services.AddHealthChecks().AddSaasUsersTable();
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value;
        var provisioner = provider.GetRequiredService<ITableProvisioner>();
        var users = provider.GetRequiredService<IUserRepository>();
        var payments = provider.GetRequiredService<ICheckoutPaymentRepository>();
        var health = provider.GetRequiredService<HealthCheckService>();
        var client = provider.GetRequiredService<IAmazonDynamoDB>();
        var operations = 0;

        async Task Run(Func<Task> operation)
        {
            operations++;
            await operation();
        }

        async Task Fails<TException>(Func<Task> operation)
            where TException : Exception
        {
            operations++;
            var error = await Assert.ThrowsAnyAsync<TException>(operation);
            texts.Enqueue(error.ToString());
            texts.Enqueue(error.Message);
        }

        // When it runs operations that log, retry and fail
        var seenWithTheFakePair = false;
        try
        {
            await Run(() => provisioner.EnsureTableAsync(Cancel));
            texts.Enqueue(Describe(await health.CheckHealthAsync(Cancel)));
            faults.CancelTransaction(["TransactionConflict"]);
            var alice = await users.CreateAsync(new NewUser { Email = "alice@example.com", UserId = "alice" }, Cancel);
            operations++;
            await Fails<DuplicateEmailException>(() => users.CreateAsync(new NewUser { Email = "ALICE@example.com" }, Cancel));
            await Fails<VersionConflictException>(() => users.UpdateProfileAsync(alice with { Version = 7, DisplayName = "x" }, Cancel));
            for (var i = 0; i < 3; i++)
            {
                await Run(() => payments.RecordAsync(InjectedFaultTests.Payment("alice", "cs_" + i), cancellationToken: Cancel));
            }

            await Fails<PaymentPayloadMismatchException>(() => payments.RecordAsync(InjectedFaultTests.Payment("alice", "cs_0", amount: 1), cancellationToken: Cancel));
            var page = await payments.ListAsync("alice", 1, cancellationToken: Cancel);
            operations++;
            await Fails<InvalidCursorException>(() => payments.ListAsync("alice", 1, page.NextCursor![..^2] + "AA", Cancel));
            faults.Throttle("GetItem", times: 2);
            await Fails<AmazonDynamoDBException>(() => users.GetAsync("alice", cancellationToken: Cancel));
            faults.ServerError("Query", times: 2);
            await Fails<AmazonDynamoDBException>(() => users.FindByEmailAsync("alice@example.com", Cancel));
            faults.UnprocessedItems("BatchWriteItem", times: 2);
            var bob = await users.CreateAsync(new NewUser { Email = "bob@example.com", UserId = "bob" }, Cancel);

            // A payment, so that bob's delete has a batch (its payment and checkout record) for the faults to cut.
            await Run(() => payments.RecordAsync(InjectedFaultTests.Payment("bob", "cs_bob"), cancellationToken: Cancel));
            await Run(() => users.DeleteAsync(bob.UserId, Cancel));
            // Alice's delete batches 10 items (5 payments and their records): cut in half three times, one is left.
            for (var i = 3; i < 5; i++)
            {
                await Run(() => payments.RecordAsync(InjectedFaultTests.Payment("alice", "cs_" + i), cancellationToken: Cancel));
            }

            faults.UnprocessedItems("BatchWriteItem", times: 3);
            await Fails<BatchIncompleteException>(() => users.DeleteAsync("alice", Cancel));
            var withoutKey = new EntityTable(client, provider.GetRequiredService<TableModel>(), new SaasUsersTableOptions { TableName = tableName }, logger: provider.GetRequiredService<ILogger<EntityTable>>());
            var missing = new EntityTable(client, provider.GetRequiredService<TableModel>(), new SaasUsersTableOptions { TableName = tableName + "-missing", CursorSigningKey = CursorKey });
            await Fails<MissingTableException>(() => missing.GetAsync<User>(User.CreateKey("alice"), cancellationToken: Cancel));
            await Run(() => withoutKey.GetAsync<User>(User.CreateKey("alice"), cancellationToken: Cancel));
        }
        finally
        {
            using var withTheFakePair = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { Credentials = new BasicAWSCredentials(AccessKey, SecretKey) });
            seenWithTheFakePair = (await withTheFakePair.ListTablesAsync(Cancel)).TableNames.Contains(tableName);
            await provisioner.DeleteTableAsync(tableName, Cancel);
        }

        texts.Enqueue(Describe(await health.CheckHealthAsync(Cancel)));
        texts.Enqueue(options.ToString());
        var invalidOptions = new ServiceCollection().AddSaasUsersTable(o =>
        {
            o.TableName = tableName;
            o.CursorSigningKey = SecretKey;
        }).BuildServiceProvider();
        await using (invalidOptions)
        {
            await Fails<OptionsValidationException>(() => Task.FromResult(invalidOptions.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value));
        }

        // Then the fake key pair really signed the requests: the client signs with what the SDK found (asserted above),
        // and a client with that pair saw the table while it existed (checked before the delete: checking after it, as
        // this test once did, could not fail)
        Assert.True(seenWithTheFakePair, "A client signing with the fake key pair did not see the table.");

        // And the operations that log did log
        var entries = logs.Entries;
        Assert.Superset(
            new HashSet<string> { "TableCreated", "TimeToLiveEnabled", "TransactionRetried", "ConditionFailed", "CursorRejected", "BatchItemsUnprocessed", "EphemeralCursorKey", "TableDeleted" },
            entries.Select(e => e.EventId.Name ?? string.Empty).ToHashSet());

        // And nothing carries a secret
        var everything = entries.Select(e => e.AllText).Concat(texts).ToArray();
        Assert.True(everything.Length > 20, $"Only {everything.Length} texts captured.");
        foreach (var text in everything)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' leaked into: {text}");
            }
        }

        ReliabilityFigures.Add(ReliabilityFigures.OperationsRun, operations);
        ReliabilityFigures.Add(ReliabilityFigures.FaultsInjected, faults.Injected);
    }

    [Fact]
    public void OptionsToString_HidesTheCursorKeyAndCredentialsInTheServiceUrl()
    {
        var options = new SaasUsersTableOptions
        {
            TableName = "users",
            ServiceUrl = $"http://{AccessKey}:{Uri.EscapeDataString(SecretKey)}@127.0.0.1:8000/",
            CursorSigningKey = CursorKey,
        };

        var text = options.ToString();

        Assert.Contains("ServiceUrl=http://(hidden)@127.0.0.1:8000/", text, StringComparison.Ordinal);
        Assert.Contains("CursorSigningKey=(set, hidden)", text, StringComparison.Ordinal);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task KeysInTheEnvironment_AreNotSentToALoopbackDynamoDb_NorLogged()
    {
        // Given a developer's keys in the environment, and the package building its own client for DynamoDB Local
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var tableName = TestTableNames.New("env-secrets");
        var logs = new CapturingLoggerProvider();
        var saved = (Id: Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), Secret: Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
        var texts = new List<string>();
        try
        {
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddSaasUsersTable(o =>
            {
                o.TableName = tableName;
                o.ServiceUrl = url.ToString();
                o.Region = DynamoDbLocal.Region;
                o.CursorSigningKey = CursorKey;
            });
            await using var provider = services.BuildServiceProvider();
            var provisioner = provider.GetRequiredService<ITableProvisioner>();
            var users = provider.GetRequiredService<IUserRepository>();

            // When it works and fails
            await provisioner.EnsureTableAsync(Cancel);
            await users.CreateAsync(new NewUser { Email = "env@example.com" }, Cancel);
            texts.Add((await Assert.ThrowsAsync<DuplicateEmailException>(() => users.CreateAsync(new NewUser { Email = "ENV@example.com" }, Cancel))).ToString());
            texts.Add(provider.GetRequiredService<IOptions<SaasUsersTableOptions>>().Value.ToString());

            // Then the environment's key did not sign the requests (its tables are its own, and it sees none of these)
            using var withEnvironmentKey = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { Credentials = new BasicAWSCredentials(AccessKey, SecretKey) });
            Assert.DoesNotContain(tableName, (await withEnvironmentKey.ListTablesAsync(Cancel)).TableNames);
            Assert.True(await provisioner.DeleteTableAsync(tableName, Cancel));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", saved.Id);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", saved.Secret);
        }

        // And nothing logged or thrown carries them
        Assert.Contains(logs.Entries, e => e.EventId.Name == "TableCreated");
        foreach (var text in logs.Entries.Select(e => e.AllText).Concat(texts))
        {
            Assert.All(Secrets, secret => Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' leaked into: {text}"));
        }
    }

    /// <summary>
    /// Puts the fake credentials where the SDK reads them, for one test, and restores what was there: the
    /// <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c> variables, or a profile
    /// in a shared credentials file named by <c>AWS_SHARED_CREDENTIALS_FILE</c> and chosen by <c>AWS_PROFILE</c>.
    /// </summary>
    private sealed class CredentialPlace : IDisposable
    {
        private static readonly string[] Variables =
            ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_PROFILE"];

        private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        private readonly string _folder = Directory.CreateTempSubdirectory("saasusers-credentials-").FullName;

        /// <summary>The profile and its file, when the credentials are in a profile.</summary>
        public Amazon.Profile? Profile { get; private set; }

        public static CredentialPlace Set(string source)
        {
            var place = new CredentialPlace();
            foreach (var variable in Variables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            // No configuration file of the machine's user either: only what this test puts.
            var config = Path.Combine(place._folder, "config");
            File.WriteAllText(config, string.Empty);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", config);
            if (source == "environment")
            {
                Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
                Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
                Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", SessionToken);
            }
            else
            {
                var file = Path.Combine(place._folder, "credentials");
                File.WriteAllText(file, $"[leak-canary]\naws_access_key_id = {AccessKey}\naws_secret_access_key = {SecretKey}\naws_session_token = {SessionToken}\n");
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", file);
                Environment.SetEnvironmentVariable("AWS_PROFILE", "leak-canary");
                place.Profile = new Amazon.Profile("leak-canary", file);
            }

            return place;
        }

        public void Dispose()
        {
            foreach (var (variable, value) in _saved)
            {
                Environment.SetEnvironmentVariable(variable, value);
            }

            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Describe(HealthReport report) =>
        string.Join('\n', report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description} {e.Value.Exception}"));

    // Every tag, status and event of this table's activities, as text.
    private static ActivityListener ListenToActivities(string tableName, ConcurrentQueue<string> texts)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SaasUsersTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.collection.name") as string is { } table && table.StartsWith(tableName, StringComparison.Ordinal))
                {
                    texts.Enqueue(string.Join('\n', [
                        activity.DisplayName,
                        activity.StatusDescription ?? string.Empty,
                        .. activity.TagObjects.Select(t => $"{t.Key}={t.Value}"),
                        .. activity.Events.Select(e => e.Name)]));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
