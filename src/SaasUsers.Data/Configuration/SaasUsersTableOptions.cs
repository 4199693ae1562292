using System.ComponentModel.DataAnnotations;

namespace SaasUsers.Data;

/// <summary>
/// Options of the SaasUsers table: where it is, how it is provisioned, and how the repositories behave.
/// Bound from configuration (section <c>SaasUsers</c> by convention) or set in code; validated at start-up.
/// </summary>
public sealed class SaasUsersTableOptions
{
    /// <summary>The most <see cref="MaxBatchConcurrency"/> allows.</summary>
    public const int MaxBatchConcurrencyLimit = 32;

    /// <summary>The default <see cref="TableBaseName"/>.</summary>
    public const string DefaultTableBaseName = "users";

    /// <summary>
    /// The table name. When not set, the name is <c>{App}-{Stage}-{TableBaseName}</c>, the naming of the SST
    /// deployments this package replaces.
    /// </summary>
    public string? TableName { get; set; }

    /// <summary>
    /// The name of an SST linked resource (for example <c>SaasUsersTable</c>) whose variable
    /// <c>SST_RESOURCE_{SstResourceName}</c> holds JSON with the table's <c>name</c>, as SST passes linked tables to
    /// functions. Used when <see cref="TableName"/> is not set; the variable must then exist and name a table.
    /// </summary>
    public string? SstResourceName { get; set; }

    /// <summary>The application name, for <c>{App}-{Stage}-{TableBaseName}</c> naming.</summary>
    public string? App { get; set; }

    /// <summary>The stage (for example <c>dev</c> or <c>prod</c>), for <c>{App}-{Stage}-{TableBaseName}</c> naming.</summary>
    public string? Stage { get; set; }

    /// <summary>The last part of <c>{App}-{Stage}-{TableBaseName}</c>. Defaults to <c>users</c>.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9_.-]{1,100}$")]
    public string TableBaseName { get; set; } = DefaultTableBaseName;

    /// <summary>The AWS region (for example <c>eu-west-1</c>); when not set, the SDK's default region chain applies.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The service URL, for DynamoDB Local (for example <c>http://127.0.0.1:8000</c>). A loopback URL gets fixed
    /// dummy credentials, since DynamoDB Local accepts any.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>How a new table is billed. Defaults to on-demand.</summary>
    public TableBillingMode BillingMode { get; set; } = TableBillingMode.PayPerRequest;

    /// <summary>Read capacity units of the table and each index, when <see cref="BillingMode"/> is provisioned.</summary>
    [Range(1, 40000)]
    public long ReadCapacityUnits { get; set; } = 5;

    /// <summary>Write capacity units of the table and each index, when <see cref="BillingMode"/> is provisioned.</summary>
    [Range(1, 40000)]
    public long WriteCapacityUnits { get; set; } = 5;

    /// <summary>Whether ensuring the table creates it when it is missing. Defaults to <see langword="true"/>.</summary>
    public bool CreateTableIfMissing { get; set; } = true;

    /// <summary>Whether a hosted service ensures the table when the application starts. Defaults to <see langword="false"/>.</summary>
    public bool EnsureTableOnStartup { get; set; }

    /// <summary>Whether ensuring an existing table adds the global secondary indexes it lacks. Defaults to <see langword="false"/>.</summary>
    public bool AddMissingIndexes { get; set; }

    /// <summary>
    /// Whether the table has a DynamoDB stream with new and old images (<c>NEW_AND_OLD_IMAGES</c>), which the change
    /// feed, the daily stats and the activity log read. When on, a new table is created with the stream and
    /// ensuring an existing table without one enables it (one <c>UpdateTable</c>). Defaults to <see langword="false"/>.
    /// </summary>
    public bool EnableStream { get; set; }

    /// <summary>
    /// Whether entity reads (<c>GetAsync</c>, <c>QueryAsync</c>, <c>QuerySinglePageAsync</c>, <c>QueryAllAsync</c>,
    /// <c>BatchGetAsync</c>)
    /// decode DynamoDB's answer straight into entities (the direct read path: the generated <c>FromJson</c> of each
    /// entity over the response body, sent signed with the client's own endpoint, region, credentials, retries and
    /// HTTP client factory) instead of through the SDK's unmarshalled <c>AttributeValue</c> responses. Results,
    /// exceptions, telemetry and cancellation are the same on both paths. Applies only when the client is an
    /// <c>AmazonDynamoDBClient</c> itself (not a subclass, mock or decorator) without a proxy set outside an
    /// <c>HttpClientFactory</c>; other clients always use the SDK path. Defaults to <see langword="true"/>.
    /// See docs/read-path.md.
    /// </summary>
    public bool DirectReads { get; set; } = true;

    /// <summary>
    /// Whether ensuring an existing table turns on time to live when the model has a time-to-live attribute and the
    /// table has it off (an adopted table, for example). Defaults to <see langword="false"/>: the difference is reported.
    /// </summary>
    public bool EnableTimeToLive { get; set; }

    /// <summary>
    /// How long ensuring the table waits for each index it adds to become ACTIVE (DynamoDB fills a new index from the
    /// existing items first, which takes long on a big table). Defaults to one hour.
    /// </summary>
    public TimeSpan IndexActiveTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether the hosted service runs the registered migrations (<c>AddSaasUsersMigration</c>) when the application
    /// starts, after ensuring the table when <see cref="EnsureTableOnStartup"/> is on. Defaults to <see langword="false"/>.
    /// </summary>
    public bool RunMigrationsOnStartup { get; set; }

    /// <summary>
    /// How long the lease that lets one instance at a time run migrations lasts without renewal (it is renewed while a
    /// migration runs). Defaults to one minute.
    /// </summary>
    public TimeSpan MigrationLeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long running migrations waits for another instance's lease to end. Defaults to ten minutes.</summary>
    public TimeSpan MigrationLeaseWaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether a new table is created with deletion protection. Defaults to <see langword="false"/>.</summary>
    public bool DeletionProtection { get; set; }

    /// <summary>Tags put on a new table.</summary>
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long ensuring the table waits for it (and its indexes) to become ACTIVE. Defaults to 5 minutes.</summary>
    public TimeSpan TableActiveTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The key that signs paging cursors (HMAC-SHA256), base64, at least 32 bytes. Set the same key on every
    /// instance of the application so a cursor from one instance works on another. When not set, a random key is
    /// made per process and cursors only work in the process that issued them.
    /// </summary>
    public string? CursorSigningKey { get; set; }

    /// <summary>How long a paging cursor stays valid. Defaults to one hour.</summary>
    public TimeSpan CursorLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many times a batch request is sent in all while DynamoDB leaves items unprocessed (with exponential
    /// back-off) before the call fails listing the keys left. Defaults to 8.
    /// </summary>
    [Range(1, 100)]
    public int MaxBatchAttempts { get; set; } = 8;

    /// <summary>
    /// How many requests of one batch call (<see cref="IEntityTable.BatchWriteAsync"/>, <see cref="IEntityTable.BatchGetAsync(IEnumerable{PrimaryKey}, bool, CancellationToken)"/>)
    /// are in flight at once: its chunks of 25 writes or 100 keys are sent this many at a time, each retrying its own
    /// unprocessed items. 1 sends them one after another. From 1 to 32; defaults to 4.
    /// </summary>
    [Range(1, MaxBatchConcurrencyLimit)]
    public int MaxBatchConcurrency { get; set; } = 4;

    /// <summary>
    /// How many times a transaction is sent in all while DynamoDB cancels it for a conflict with another
    /// transaction. Defaults to 5.
    /// </summary>
    [Range(1, 100)]
    public int MaxTransactionAttempts { get; set; } = 5;

    /// <summary>
    /// How long the record that makes a checkout payment idempotent is kept (it expires through time to live).
    /// When not set (the default), it is kept as long as the payment; payment providers retry webhooks for days.
    /// </summary>
    public TimeSpan? PaymentIdempotencyRetention { get; set; }

    /// <summary>
    /// The application's own organization roles, beside the package's <c>owner</c>, <c>admin</c> and <c>member</c>
    /// (<see cref="Data.OrganizationRoles"/>): each 1 to 32 lower-case letters, digits, '-' or '_'. A membership or
    /// invitation with any other role is refused. Bound from <c>OrganizationRoles:0</c>, <c>OrganizationRoles:1</c>, ...
    /// </summary>
    public IList<string> OrganizationRoles { get; } = new List<string>();

    /// <summary>
    /// How long the DynamoDB client the package builds (when the application registers none) waits for one attempt
    /// of a request before it gives up on it. Defaults to 10 seconds; from 1 second to 5 minutes.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times the DynamoDB client the package builds retries a throttled or failed request (with the SDK's
    /// standard back-off). Defaults to 3; from 0 to 10. Without it set, the SDK retried a refused connection for
    /// about 110 seconds.
    /// </summary>
    [Range(0, 10)]
    public int MaxErrorRetry { get; set; } = 3;

    /// <summary>
    /// How long the health check waits for DynamoDB before it reports the table unhealthy, whatever the client's
    /// own timeouts. Defaults to 5 seconds; from 100 milliseconds to 5 minutes.
    /// </summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Values of the configuration section that did not parse, kept so that validation reports them with every other invalid option.</summary>
    internal List<string> BindErrors { get; } = [];
    /// <summary>
    /// The table name in effect: <see cref="TableName"/>; else the <c>name</c> in SST's
    /// <c>SST_RESOURCE_{SstResourceName}</c> variable when <see cref="SstResourceName"/> is set; else
    /// <c>{App}-{Stage}-{TableBaseName}</c>.
    /// </summary>
    public string? ResolvedTableName =>
        !string.IsNullOrWhiteSpace(TableName) ? TableName
        : !string.IsNullOrWhiteSpace(SstResourceName) ? SstLinkedResource.TryReadName(SstResourceName, out var name, out _) ? name : null
        : !string.IsNullOrWhiteSpace(App) && !string.IsNullOrWhiteSpace(Stage) ? $"{App}-{Stage}-{TableBaseName}"
        : null;

    /// <summary>Describes the options without the cursor signing key, and without any user name or password in the service URL.</summary>
    public override string ToString() =>
        $"Table={ResolvedTableName ?? "(not set)"}, Region={Region ?? "(default)"}, ServiceUrl={RedactedServiceUrl()}, " +
        $"BillingMode={BillingMode}, CreateTableIfMissing={CreateTableIfMissing}, EnsureTableOnStartup={EnsureTableOnStartup}, " +
        $"CursorSigningKey={(CursorSigningKey is null ? "(not set)" : "(set, hidden)")}";

    // A URL's user information (http://user:secret@host/) is a credential: show that it is there, never what it is.
    private string RedactedServiceUrl()
    {
        if (ServiceUrl is null)
        {
            return "(default)";
        }

        if (Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri))
        {
            return uri.UserInfo.Length == 0
                ? ServiceUrl
                : uri.Scheme + "://(hidden)@" + uri.GetComponents(UriComponents.HostAndPort | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        }

        return ServiceUrl.Contains('@', StringComparison.Ordinal) ? "(set, not a URL, hidden)" : ServiceUrl;
    }
}
