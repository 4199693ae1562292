using System.Globalization;
using Amazon.DynamoDBv2.DataModel;
using Amazon.DynamoDBv2.DocumentModel;

// The classes DynamoDBContext maps: what a .NET developer writes for the AWS SDK's object persistence model
// (Amazon.DynamoDBv2.DataModel) to store the same items as SaasUsers.Data. DynamoDBContext builds no keys, so
// the single-table keys are plain properties the application fills (SetKeys) before it saves. Timestamps and
// enums go through property converters, because the context's own formats differ from the table's
// (DateTime with milliseconds, enums as numbers). This file is also compiled into benchmarks/Startup/Context.
namespace SaasUsers.Data.Benchmarks.Context;

/// <summary>A user, for DynamoDBContext.</summary>
[DynamoDBTable(ContextTable.Name)]
public sealed class ContextUser
{
    /// <summary>Partition key.</summary>
    [DynamoDBHashKey("PK")]
    public string PK { get; set; } = "";

    /// <summary>Sort key.</summary>
    [DynamoDBRangeKey("SK")]
    public string SK { get; set; } = "";

    /// <summary>The stored entity type.</summary>
    [DynamoDBProperty("_type")]
    public string EntityType { get; set; } = "User";

    /// <summary>GSI1 partition key.</summary>
    [DynamoDBGlobalSecondaryIndexHashKey("GSI1", AttributeName = "GSI1PK")]
    public string? Gsi1Pk { get; set; }

    /// <summary>GSI1 sort key.</summary>
    [DynamoDBGlobalSecondaryIndexRangeKey("GSI1", AttributeName = "GSI1SK")]
    public string? Gsi1Sk { get; set; }

    /// <summary>GSI2 partition key.</summary>
    [DynamoDBGlobalSecondaryIndexHashKey("GSI2", AttributeName = "GSI2PK")]
    public string? Gsi2Pk { get; set; }

    /// <summary>GSI2 sort key.</summary>
    [DynamoDBGlobalSecondaryIndexRangeKey("GSI2", AttributeName = "GSI2SK")]
    public string? Gsi2Sk { get; set; }

    /// <summary>GSI3 partition key.</summary>
    [DynamoDBGlobalSecondaryIndexHashKey("GSI3", AttributeName = "GSI3PK")]
    public string? Gsi3Pk { get; set; }

    /// <summary>GSI3 sort key.</summary>
    [DynamoDBGlobalSecondaryIndexRangeKey("GSI3", AttributeName = "GSI3SK")]
    public string? Gsi3Sk { get; set; }

    /// <summary>The user's id.</summary>
    public string UserId { get; set; } = "";

    /// <summary>The e-mail address.</summary>
    public string Email { get; set; } = "";

    /// <summary>The normalized e-mail address.</summary>
    public string NormalizedEmail { get; set; } = "";

    /// <summary>The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The status.</summary>
    [DynamoDBProperty(typeof(EnumNameConverter<UserStatus>))]
    public UserStatus Status { get; set; }

    /// <summary>The payment provider.</summary>
    public string? PaymentProvider { get; set; }

    /// <summary>The provider's customer id.</summary>
    public string? ProviderCustomerId { get; set; }

    /// <summary>Profile attributes.</summary>
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sign-up time.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Sign-up month.</summary>
    public string SignUpMonth { get; set; } = "";

    /// <summary>Last change.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic-concurrency version (a plain number here: these benchmarks only map).</summary>
    public long Version { get; set; }

    /// <summary>Fills the single-table keys from the properties, as the application must before a save.</summary>
    public ContextUser SetKeys()
    {
        PK = "USER#" + UserId;
        SK = "USER";
        Gsi1Pk = "EMAIL#" + NormalizedEmail;
        Gsi1Sk = "USER";
        if (PaymentProvider is not null && ProviderCustomerId is not null)
        {
            Gsi2Pk = "CUSTOMER#" + PaymentProvider + "#" + ProviderCustomerId;
            Gsi2Sk = "USER";
        }

        Gsi3Pk = "SIGNUP#" + SignUpMonth;
        Gsi3Sk = TimestampConverter.Format(CreatedAt) + "#" + UserId;
        return this;
    }
}

/// <summary>A subscription, for DynamoDBContext.</summary>
[DynamoDBTable(ContextTable.Name)]
public sealed class ContextSubscription
{
    /// <summary>Partition key.</summary>
    [DynamoDBHashKey("PK")]
    public string PK { get; set; } = "";

    /// <summary>Sort key.</summary>
    [DynamoDBRangeKey("SK")]
    public string SK { get; set; } = "";

    /// <summary>The stored entity type.</summary>
    [DynamoDBProperty("_type")]
    public string EntityType { get; set; } = "Subscription";

    /// <summary>GSI2 partition key.</summary>
    [DynamoDBGlobalSecondaryIndexHashKey("GSI2", AttributeName = "GSI2PK")]
    public string? Gsi2Pk { get; set; }

    /// <summary>GSI2 sort key.</summary>
    [DynamoDBGlobalSecondaryIndexRangeKey("GSI2", AttributeName = "GSI2SK")]
    public string? Gsi2Sk { get; set; }

    /// <summary>GSI3 partition key.</summary>
    [DynamoDBGlobalSecondaryIndexHashKey("GSI3", AttributeName = "GSI3PK")]
    public string? Gsi3Pk { get; set; }

    /// <summary>GSI3 sort key.</summary>
    [DynamoDBGlobalSecondaryIndexRangeKey("GSI3", AttributeName = "GSI3SK")]
    public string? Gsi3Sk { get; set; }

    /// <summary>The subscription's id.</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>The billing account's kind (USER or ORG).</summary>
    public string AccountKind { get; set; } = "";

    /// <summary>The billing account's id.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The plan.</summary>
    public string PlanId { get; set; } = "";

    /// <summary>The price.</summary>
    public string? PriceId { get; set; }

    /// <summary>The status.</summary>
    [DynamoDBProperty(typeof(EnumNameConverter<SubscriptionStatus>))]
    public SubscriptionStatus Status { get; set; }

    /// <summary>How often the price is charged.</summary>
    [DynamoDBProperty(typeof(EnumNameConverter<PriceInterval>))]
    public PriceInterval PriceInterval { get; set; }

    /// <summary>End of the current period.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset? CurrentPeriodEnd { get; set; }

    /// <summary>Whether it ends at the period end.</summary>
    public bool CancelAtPeriodEnd { get; set; }

    /// <summary>The payment provider.</summary>
    public string PaymentProvider { get; set; } = "";

    /// <summary>The provider's subscription id.</summary>
    public string? ProviderSubscriptionId { get; set; }

    /// <summary>The provider's customer id.</summary>
    public string? ProviderCustomerId { get; set; }

    /// <summary>Newest provider event applied.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset LastEventAt { get; set; }

    /// <summary>First stored.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Last change.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Version.</summary>
    public long Version { get; set; }

    /// <summary>Fills the single-table keys from the properties.</summary>
    public ContextSubscription SetKeys()
    {
        PK = AccountKind + "#" + AccountId;
        SK = "SUB#" + SubscriptionId;
        if (ProviderCustomerId is not null)
        {
            Gsi2Pk = "CUSTOMER#" + PaymentProvider + "#" + ProviderCustomerId;
            Gsi2Sk = SK;
        }

        if (ProviderSubscriptionId is not null)
        {
            Gsi3Pk = "PROVIDERSUB#" + PaymentProvider + "#" + ProviderSubscriptionId;
            Gsi3Sk = "SUB";
        }

        return this;
    }
}

/// <summary>An amount of money, for DynamoDBContext (a nested map).</summary>
public sealed class ContextMoney
{
    /// <summary>Minor units.</summary>
    public long AmountMinor { get; set; }

    /// <summary>ISO-4217 code.</summary>
    public string Currency { get; set; } = "";
}

/// <summary>A checkout payment, for DynamoDBContext.</summary>
[DynamoDBTable(ContextTable.Name)]
public sealed class ContextPayment
{
    /// <summary>Partition key.</summary>
    [DynamoDBHashKey("PK")]
    public string PK { get; set; } = "";

    /// <summary>Sort key.</summary>
    [DynamoDBRangeKey("SK")]
    public string SK { get; set; } = "";

    /// <summary>The stored entity type.</summary>
    [DynamoDBProperty("_type")]
    public string EntityType { get; set; } = "CheckoutPayment";

    /// <summary>The checkout session.</summary>
    public string CheckoutSessionId { get; set; } = "";

    /// <summary>The billing account's kind (USER or ORG).</summary>
    public string AccountKind { get; set; } = "";

    /// <summary>The billing account's id.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The provider.</summary>
    public string PaymentProvider { get; set; } = "";

    /// <summary>The provider's payment id.</summary>
    public string? ProviderPaymentId { get; set; }

    /// <summary>The amount.</summary>
    public ContextMoney Amount { get; set; } = new();

    /// <summary>The status.</summary>
    [DynamoDBProperty(typeof(EnumNameConverter<PaymentStatus>))]
    public PaymentStatus Status { get; set; }

    /// <summary>The subscription paid for.</summary>
    public string? SubscriptionId { get; set; }

    /// <summary>When it was recorded.</summary>
    [DynamoDBProperty(typeof(TimestampConverter))]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Fills the single-table keys from the properties.</summary>
    public ContextPayment SetKeys()
    {
        PK = AccountKind + "#" + AccountId;
        SK = "PAY#" + TimestampConverter.Format(CreatedAt) + "#" + CheckoutSessionId;
        return this;
    }
}

/// <summary>The table name the context classes name (the context is told not to describe it).</summary>
public static class ContextTable
{
    /// <summary>The table name.</summary>
    public const string Name = "saasusers-bench";
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as the table does: ISO-8601 UTC with seven fractional digits.</summary>
public sealed class TimestampConverter : IPropertyConverter
{
    /// <summary>Formats a timestamp.</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public DynamoDBEntry ToEntry(object value) => value is DateTimeOffset timestamp ? new Primitive(Format(timestamp)) : DynamoDBNull.Null;

    /// <inheritdoc />
    public object FromEntry(DynamoDBEntry entry) =>
        DateTimeOffset.ParseExact(entry.AsString(), "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>Stores an enum as its member name, as the table does (the context's default is the number).</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class EnumNameConverter<TEnum> : IPropertyConverter
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public DynamoDBEntry ToEntry(object value) => new Primitive(((TEnum)value).ToString());

    /// <inheritdoc />
    public object FromEntry(DynamoDBEntry entry) => Enum.Parse<TEnum>(entry.AsString());
}
