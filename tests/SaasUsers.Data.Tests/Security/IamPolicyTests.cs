using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SaasUsers.Data.Build.Policy;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Reliability;
using SaasUsers.Data.Tests.Reliability.Support;
using Xunit;

namespace SaasUsers.Data.Tests.Security;

/// <summary>
/// The least-privilege policy in docs/iam-policy.json: scoped to the table and its indexes, allowing exactly the
/// actions the package sends (every repository, batches, transactions, the health check, and the provisioner's
/// create, add-index, time to live and delete), split into run-time and provisioning statements. The whole suite's
/// requests are checked against it too, by the build program (eng/SaasUsers.Data.Build) from the file <see cref="SuiteRecordsFixture"/> writes.
/// </summary>
public sealed class IamPolicyTests(DynamoDbLocalFixture dynamoDb)
{
    private const string TableArn = "arn:aws:dynamodb:<region>:<account-id>:table/<table-name>";
    private const string IndexArn = TableArn + "/index/*";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Policy_AllowsOnlyNamedDynamoDbActions_OnTheTableAndItsIndexes()
    {
        var policy = IamPolicy.Load();

        Assert.NotEmpty(policy.Statements);
        Assert.All(policy.Statements, statement =>
        {
            Assert.Equal("Allow", statement.Effect);
            Assert.True(statement.Sid.StartsWith(IamPolicy.Runtime, StringComparison.Ordinal) || statement.Sid.StartsWith(IamPolicy.Provisioning, StringComparison.Ordinal), statement.Sid);
            Assert.All(statement.Actions, action => Assert.Matches("^dynamodb:[A-Z][A-Za-z]+$", action));
            Assert.All(statement.Resources, resource => Assert.Contains(resource, new[] { TableArn, IndexArn }));
            if (statement.Resources.Contains(IndexArn))
            {
                // Indexes are only ever queried.
                Assert.Equal(["dynamodb:Query"], statement.Actions);
            }
        });
        Assert.DoesNotContain(policy.ActionsOf(IamPolicy.Runtime), a => a is "dynamodb:Scan" or "dynamodb:CreateTable" or "dynamodb:DeleteTable" or "dynamodb:UpdateTable");
    }

    [Fact]
    public async Task EveryOperationOfThePackage_IsAllowedByThePolicy_AndThePolicyAllowsNothingMore()
    {
        // Given a request log that keeps only what the package sends, and a table made by the provisioner in two
        // steps (first without the indexes, then adding them), so that every provisioning call happens
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var log = new DynamoDbRequestLog(SaasUsersTelemetry.Name);
        using var client = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { RequestLog = log });
        var tableName = TestTableNames.New("iam");
        var options = new SaasUsersTableOptions
        {
            TableName = tableName,
            ServiceUrl = url.ToString(),
            Region = DynamoDbLocal.Region,
            TableActiveTimeout = TimeSpan.FromSeconds(60),
            AddMissingIndexes = true,
            Tags = { ["app"] = "saasusers-tests" },
        };
        await new TableProvisioner(client, new TableModelBuilder().Add<EmailLookup>().Add<CheckoutRecord>().Build(), options).EnsureTableAsync(Cancel);
        var added = await new TableProvisioner(client, SaasUsersModel.Default, options).EnsureTableAsync(Cancel);
        Assert.Equal(["GSI1", "GSI2", "GSI3"], added.AddedIndexes);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(client);
        services.AddSaasUsersTable(o =>
        {
            o.TableName = tableName;
            o.ServiceUrl = url.ToString();
            o.Region = DynamoDbLocal.Region;
            o.CursorSigningKey = Convert.ToBase64String(new byte[32]);
        });
        services.AddSaasUsersEntity<TenantDocument>();
        services.AddHealthChecks().AddSaasUsersTable();
        await using (var provider = services.BuildServiceProvider())
        {
            // When every operation of every repository, the entity table and the health check runs
            await DriveEveryRuntimeOperationAsync(provider);

            // And the admin tools: the difference report, and a scan page as backfill and export read them
            await provider.GetRequiredService<ITableProvisioner>().CheckTableAsync(Cancel);
            await provider.GetRequiredService<IEntityTable>().ScanItemsAsync(new ItemScan { PageSize = 1 }, Cancel);
        }

        // And the table is deleted
        Assert.True(await new TableProvisioner(client, SaasUsersModel.Default, options).DeleteTableAsync(tableName, Cancel));

        // Then the package called every API it has, each from the expected kind of operation
        var requests = log.Requests;
        Assert.Superset(
            new HashSet<string> { "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "DescribeTable", "CreateTable", "UpdateTable", "UpdateTimeToLive", "DescribeTimeToLive", "Scan", "DeleteTable" },
            requests.Select(r => r.Operation).ToHashSet());
        Assert.All(requests, r => Assert.NotNull(r.Caller));

        // And the policy allows each, in the right group, and nothing the package did not need
        var policy = IamPolicy.Load();
        foreach (var group in new[] { IamPolicy.Runtime, IamPolicy.Provisioning })
        {
            var required = requests
                .Where(r => IamPolicy.GroupOf(r.Caller) == group)
                .SelectMany(r => IamPolicy.RequiredActions(r.Operation, r.Parts.ToArray()))
                .ToHashSet(StringComparer.Ordinal);
            var allowed = policy.ActionsOf(group);
            Assert.True(required.IsSubsetOf(allowed), $"{group}: the policy lacks {string.Join(", ", required.Except(allowed))}.");
            Assert.True(allowed.IsSubsetOf(required), $"{group}: the policy allows {string.Join(", ", allowed.Except(required))}, which the package never sent.");
        }

        ReliabilityFigures.Add(ReliabilityFigures.OperationsRun, requests.Count);
    }

    [Fact]
    public async Task TheSuiteLog_RecordsThePackagesRequests_AndNotATestsOwn()
    {
        // Given a fresh log for the package's activity source, on a client of the kit
        var url = await dynamoDb.GetServiceUrlAsync(Cancel);
        var log = new DynamoDbRequestLog(SaasUsersTelemetry.Name);
        using var client = DynamoDbLocal.CreateClient(url, new DynamoDbClientOptions { RequestLog = log });
        var options = new SaasUsersTableOptions { TableName = TestTableNames.New("iam-log"), TableActiveTimeout = TimeSpan.FromSeconds(60) };
        var provisioner = new TableProvisioner(client, SaasUsersModel.Default, options);
        await provisioner.EnsureTableAsync(Cancel);
        log.Clear();

        // When the test sends a request of its own and the package sends one
        await client.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest { TableName = options.TableName, Limit = 1 }, Cancel);
        await new UserRepository(new EntityTable(client, SaasUsersModel.Default, options)).GetAsync("nobody", cancellationToken: Cancel);
        await provisioner.DeleteTableAsync(options.TableName, Cancel);

        // Then only the package's are recorded, each with the operation that sent it
        Assert.Equal(new DynamoDbRecordedRequest("GetItem", "Get"), log.Requests[0]);
        Assert.Equal(new DynamoDbRecordedRequest("DeleteTable", "DeleteTable"), log.Requests[1]);
        Assert.DoesNotContain(log.Requests, r => r.Operation == "Scan");
    }

    [Fact]
    public void WhatTheSuiteSentSoFar_IsAllowedByThePolicy()
    {
        // The complete check runs in the build program at the end of the run (./eng/test.sh); this one sees the requests sent until now.
        var policy = IamPolicy.Load();
        var missing = SuiteRecordsFixture.Log.Requests
            .SelectMany(r => IamPolicy.RequiredActions(r.Operation, r.Parts.ToArray()).Select(a => (Group: IamPolicy.GroupOf(r.Caller), Action: a, r.Operation, r.Caller)))
            .Where(r => !policy.ActionsOf(r.Group).Contains(r.Action))
            .Distinct()
            .ToArray();

        Assert.True(missing.Length == 0, "Missing from docs/iam-policy.json: " + string.Join("; ", missing.Select(m => $"{m.Action} ({m.Group}, {m.Operation} from {m.Caller})")));
    }

    private static async Task DriveEveryRuntimeOperationAsync(ServiceProvider provider)
    {
        var users = provider.GetRequiredService<IUserRepository>();
        var subscriptions = provider.GetRequiredService<ISubscriptionRepository>();
        var payments = provider.GetRequiredService<ICheckoutPaymentRepository>();
        var accounts = provider.GetRequiredService<IAccountRepository>();
        var entities = provider.GetRequiredService<IEntityTable>();
        var health = provider.GetRequiredService<HealthCheckService>();
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Cancel)).Status);

        // Users
        var ada = await users.CreateAsync(new NewUser { Email = "ada@example.com", UserId = "ada" }, Cancel);
        await users.GetAsync("ada", consistentRead: true, Cancel);
        await users.FindByEmailAsync("ada@example.com", Cancel);
        ada = await users.UpdateProfileAsync(ada with { DisplayName = "Ada" }, Cancel);
        ada = await users.ChangeEmailAsync(ada, "ada.l@example.com", Cancel);
        await users.LinkPaymentCustomerAsync("ada", "stripe", "cus_ada", Cancel);
        await users.ListBySignUpDateAsync(new SignUpListQuery { From = now.AddDays(-1), To = now.AddDays(1) }, Cancel);

        // Subscriptions, payments, accounts
        var change = new SubscriptionChange
        {
            UserId = "ada",
            SubscriptionId = "sub_ada",
            PaymentProvider = "stripe",
            PlanId = "pro",
            Status = SubscriptionStatus.Active,
            ProviderSubscriptionId = "sub_ada",
            ProviderCustomerId = "cus_ada",
            EventAt = now,
        };
        await subscriptions.ApplyChangeAsync(change, Cancel);
        await subscriptions.ListAsync("ada", Cancel);
        await subscriptions.GetActiveAsync("ada", Cancel);
        await subscriptions.FindByProviderSubscriptionIdAsync("stripe", "sub_ada", Cancel);
        await subscriptions.FindByProviderCustomerIdAsync("stripe", "cus_ada", Cancel);
        await payments.RecordAsync(InjectedFaultTests.Payment("ada", "cs_1"), change with { EventAt = now.AddSeconds(1) }, Cancel);
        await payments.RecordAsync(InjectedFaultTests.Payment("ada", "cs_1"), cancellationToken: Cancel);
        await payments.GetByCheckoutSessionAsync("stripe", "cs_1", Cancel);
        await payments.ListAsync("ada", cancellationToken: Cancel);
        await accounts.GetOverviewAsync("ada", cancellationToken: Cancel);

        // The entity table directly: single-item writes, a batch read and a batch write
        var document = await entities.CreateAsync(new TenantDocument { Tenant = "iam", Project = "p", DocumentId = "d1" }, Cancel);
        document = await entities.PutAsync(document with { Body = "v2" }, Cancel);
        await entities.UpdateAsync<TenantDocument>(TenantDocument.Mapper.GetKey(document), u => u.Set(TenantDocument.Fields.Body, "v3"), Cancel);
        await entities.BatchGetAsync([TenantDocument.Mapper.GetKey(document), User.CreateKey("ada")], cancellationToken: Cancel);
        await entities.DeleteAsync<TenantDocument>(TenantDocument.Mapper.GetKey(document), cancellationToken: Cancel);
        await entities.TransactWriteAsync(new TransactionBuilder().Check<User>(User.CreateKey("ada")).Create(document with { Version = 0 }), Cancel);

        // Deleting the user: a query and batch writes
        await users.DeleteAsync("ada", Cancel);
        Assert.Null(await users.GetAsync("ada", consistentRead: true, Cancel));
    }
}
