using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SaasUsers.Data.Testing;
using SaasUsers.Data.Tests.Table.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// The direct read path sends as the application's SDK client would: its credentials (which select the database in
/// DynamoDB Local), region, retries and HTTP client factory; and it fails with the SDK's exception types, exactly
/// where the SDK path fails. Each case runs on both paths and compares.
/// </summary>
public sealed class DirectReadTransportTests(TableFixture fixture) : IClassFixture<TableFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<bool> BothPaths => new(false, true);

    [Fact]
    public void DirectReads_AreOnByDefault_ForTheSdkClientItself_AndOffForAnythingElse()
    {
        using var client = fixture.CreateClient();
        using var subclass = new SubclassedClient(fixture.ServiceUrl);

        Assert.True(new SaasUsersTableOptions().DirectReads);
        Assert.True(new EntityTable(client, fixture.Model, fixture.CreateOptions()).ReadsDirect);
        Assert.False(new EntityTable(client, fixture.Model, Options(direct: false)).ReadsDirect);
        Assert.False(new EntityTable(subclass, fixture.Model, fixture.CreateOptions()).ReadsDirect);
    }

    [Fact]
    public async Task DirectRead_SignsWithTheClientsOwnCredentials_WhichSelectTheDatabase()
    {
        // Given a note written by a client with its own access key (DynamoDB Local keeps one database per key)
        var credentials = new BasicAWSCredentials("direct" + Guid.NewGuid().ToString("N")[..8], "secret");
        using var owner = fixture.CreateClient(new DynamoDbClientOptions { Credentials = credentials });
        var options = fixture.CreateOptions();
        options.TableName = "direct-creds-" + Guid.NewGuid().ToString("N")[..8];
        await new TableProvisioner(owner, fixture.Model, options).EnsureTableAsync(Cancel);
        var note = new Note { OrgId = "creds", NoteId = "n1", CreatedAt = DateTimeOffset.UnixEpoch, Text = "mine" };
        await new EntityTable(owner, fixture.Model, options).PutAsync(note, Cancel);

        // When it is read on the direct path with that client, and with a client of another key
        var mine = await new EntityTable(owner, fixture.Model, options).GetAsync<Note>(Note.Mapper.GetKey(note), cancellationToken: Cancel);
        using var other = fixture.CreateClient();
        var error = await Record.ExceptionAsync(() => new EntityTable(other, fixture.Model, options).GetAsync<Note>(Note.Mapper.GetKey(note), cancellationToken: Cancel));

        // Then the owner's key finds it, and the other key sees another database (no such table), as on the SDK path
        Assert.Equal("mine", mine?.Text);
        Assert.IsType<MissingTableException>(error);
        var sdkError = await Record.ExceptionAsync(() => new EntityTable(other, fixture.Model, Options(direct: false, options.TableName)).GetAsync<Note>(Note.Mapper.GetKey(note), cancellationToken: Cancel));
        Assert.Equal(sdkError?.Message, error.Message);
    }

    [Fact]
    public async Task DirectRead_OfAClientWithOnlyAServiceUrl_SignsForTheSameRegionAsTheSdk()
    {
        // Given a client with a service URL and no region at all, and a note it wrote through the SDK
        var credentials = new BasicAWSCredentials("noregion" + Guid.NewGuid().ToString("N")[..8], "secret");
        using var client = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = fixture.ServiceUrl.ToString(), MaxErrorRetry = 0 });
        var options = Options(direct: false, "direct-region-" + Guid.NewGuid().ToString("N")[..8]);
        await new TableProvisioner(client, fixture.Model, options).EnsureTableAsync(Cancel);
        var note = new Note { OrgId = "region", NoteId = "n1", CreatedAt = DateTimeOffset.UnixEpoch, Text = "found" };
        await new EntityTable(client, fixture.Model, options).PutAsync(note, Cancel);

        // When the direct path reads it with that client
        options.DirectReads = true;
        var table = new EntityTable(client, fixture.Model, options);
        var read = await table.GetAsync<Note>(Note.Mapper.GetKey(note), cancellationToken: Cancel);

        // Then it is there: the same database, so the same signing region
        Assert.True(table.ReadsDirect);
        Assert.Equal("found", read?.Text);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Throttled_WithinTheRetries_Succeeds_AndEachAttemptGoesThroughTheClientsHttpFactory(bool direct)
    {
        // Given a note, and GetItem and Query each throttled twice (the client retries twice)
        var faults = new DynamoDbFaultInjector();
        var log = new DynamoDbRequestLog();
        using var client = fixture.CreateClient(new DynamoDbClientOptions { Faults = faults, RequestLog = log, MaxErrorRetry = 2 });
        var table = new EntityTable(client, fixture.Model, Options(direct));
        var note = new Note { OrgId = "throttle-" + direct, NoteId = "n1", CreatedAt = DateTimeOffset.UnixEpoch, Text = "t" };
        await table.PutAsync(note, Cancel);
        faults.Throttle("GetItem", times: 2).Throttle("Query", times: 2);

        // When it is read
        var got = await table.GetAsync<Note>(Note.Mapper.GetKey(note), consistentRead: true, Cancel);
        var page = await table.QueryAsync<Note>(new ItemQuery(Note.CreatePartitionKey(note.OrgId)) { ConsistentRead = true }, Cancel);

        // Then both succeed after three attempts each, every attempt seen by the client's handler
        Assert.Equal("t", got?.Text);
        Assert.Single(page.Items);
        Assert.Equal(4, faults.Injected);
        Assert.Equal(3, log.Operations.Count(o => o == "GetItem"));
        Assert.Equal(3, log.Operations.Count(o => o == "Query"));
    }

    [Fact]
    public async Task ThrottledPastTheRetries_FailsWithTheSdksException_OnBothPaths()
    {
        var errors = new List<AmazonServiceException>();
        foreach (var direct in new[] { false, true })
        {
            // Given every GetItem throttled, and one retry
            var faults = new DynamoDbFaultInjector().Throttle("GetItem", times: 10).ServerError("Query", times: 10);
            using var client = fixture.CreateClient(new DynamoDbClientOptions { Faults = faults, MaxErrorRetry = 1 });
            var table = new EntityTable(client, fixture.Model, Options(direct));

            // When a get and a query are sent
            errors.Add(await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(
                () => table.GetAsync<Note>(Note.CreateKey("o", DateTimeOffset.UnixEpoch, "n"), cancellationToken: Cancel)));
            errors.Add(await Assert.ThrowsAsync<InternalServerErrorException>(
                () => table.QueryAsync(new ItemQuery("ORG#o"), Cancel)));

            // Then each was sent twice (one retry)
            Assert.Equal(4, faults.Injected);
        }

        // And both paths throw the same SDK exceptions: type, code, status, kind of error
        Assert.Equal(
            errors.Take(2).Select(e => (e.GetType(), e.ErrorCode, e.StatusCode, e.ErrorType)),
            errors.Skip(2).Select(e => (e.GetType(), e.ErrorCode, e.StatusCode, e.ErrorType)));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task ReadOfAMissingTable_IsMissingTableException_OnBothPaths(bool direct)
    {
        using var client = fixture.CreateClient();
        var table = new EntityTable(client, fixture.Model, Options(direct, "no-such-table-" + Guid.NewGuid().ToString("N")[..8]));

        var get = await Assert.ThrowsAsync<MissingTableException>(() => table.GetAsync<Note>(Note.CreateKey("o", DateTimeOffset.UnixEpoch, "n"), cancellationToken: Cancel));
        var query = await Assert.ThrowsAsync<MissingTableException>(() => table.QueryAsync(new ItemQuery("ORG#o"), Cancel));
        var batch = await Assert.ThrowsAsync<MissingTableException>(() => table.BatchGetAsync([Note.CreateKey("o", DateTimeOffset.UnixEpoch, "n")], cancellationToken: Cancel));

        Assert.All(new[] { get, query, batch }, e => Assert.IsType<ResourceNotFoundException>(e.InnerException));
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task ARefusedRequest_IsTheSdksAmazonDynamoDBException_WithTheServicesCodeAndMessage(bool direct)
    {
        // Given a table whose model has an index the real table lacks (the request passes our checks, DynamoDB refuses it)
        using var client = fixture.CreateClient();
        var table = new EntityTable(client, new TableModelBuilder().Add<Note>().Add<Mapping.Entities.Membership>().Build(), Options(direct));

        // When the index is queried
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.QueryAsync(new ItemQuery("USER#x") { Index = 4 }, Cancel));

        // Then it is the SDK's own exception for a validation error
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("index", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task ACancelledToken_SendsNothing(bool direct)
    {
        var log = new DynamoDbRequestLog();
        using var client = fixture.CreateClient(new DynamoDbClientOptions { RequestLog = log });
        var table = new EntityTable(client, fixture.Model, Options(direct));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.GetAsync<Note>(Note.CreateKey("o", DateTimeOffset.UnixEpoch, "n"), cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.QueryAsync(new ItemQuery("ORG#o"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.BatchGetAsync([Note.CreateKey("o", DateTimeOffset.UnixEpoch, "n")], cancellationToken: cancelled.Token));

        Assert.Empty(log.Operations);
    }

    private SaasUsersTableOptions Options(bool direct, string? tableName = null)
    {
        var options = fixture.CreateOptions();
        options.DirectReads = direct;
        if (tableName is not null)
        {
            options.TableName = tableName;
        }

        return options;
    }

    /// <summary>A subclass may change what an operation does: the direct path leaves it to the SDK path.</summary>
    private sealed class SubclassedClient(Uri serviceUrl)
        : AmazonDynamoDBClient(DynamoDbLocal.Credentials, new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = DynamoDbLocal.Region });
}
