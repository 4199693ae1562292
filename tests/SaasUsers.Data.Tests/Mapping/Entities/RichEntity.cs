namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>An entity with a property of every supported type, three indexes (two sparse), a version and a time to live.</summary>
[DynamoEntity("RICH#{Id}", "ITEM#{CreatedAt}#{Sequence}", EntityType = "MappingTests.Rich")]
[DynamoIndex(1, "EMAIL#{Email}", "RICH#{Id}")]
[DynamoIndex(2, "STATUS#{Status}", "AT#{CreatedAt}#{Reference}")]
[DynamoIndex(3, "TENANT#{TenantId}", "SEQ#{Sequence}#{Big}")]
public sealed partial class RichEntity
{
    public required string Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Sequence { get; init; }

    public string? Email { get; set; }

    public Guid? TenantId { get; init; }

    public Status Status { get; init; }

    public Status? OptionalStatus { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Nickname { get; set; }

    public bool Flag { get; set; }

    public bool? MaybeFlag { get; set; }

    public int Count { get; set; }

    public int? MaybeCount { get; set; }

    public long Big { get; set; }

    public long? MaybeBig { get; set; }

    public decimal Amount { get; set; }

    public decimal? MaybeAmount { get; set; }

    public double Ratio { get; set; }

    public double? MaybeRatio { get; set; }

    public Guid Reference { get; set; }

    public Guid? MaybeReference { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    [DynamoTimeToLive]
    public DateTimeOffset? ExpiresAt { get; set; }

    [DynamoVersion]
    public long Version { get; set; }

    public List<string> Tags { get; set; } = [];

    public List<int>? Scores { get; set; }

    public IReadOnlyList<Status> StatusHistory { get; set; } = [];

    public string[] Aliases { get; set; } = [];

    public IEnumerable<Guid> Links { get; set; } = [];

    public ICollection<long> Counters { get; set; } = [];

    public IReadOnlyCollection<DateTimeOffset> Moments { get; set; } = [];

    public IList<bool> Switches { get; set; } = [];

    public HashSet<string> Roles { get; set; } = [];

    public ISet<string>? OptionalRoles { get; set; }

    public IReadOnlySet<string> Permissions { get; set; } = new HashSet<string>();

    public Dictionary<string, string> Labels { get; set; } = [];

    public IReadOnlyDictionary<string, decimal>? Prices { get; set; }

    public IDictionary<string, Status> StatusByRegion { get; set; } = new Dictionary<string, Status>();

    public Address? Home { get; set; }

    public required Address Work { get; set; }

    public List<Address> PastAddresses { get; set; } = [];

    public Dictionary<string, Address>? AddressBook { get; set; }

    [DynamoAttributeName("legacy_code")]
    public string? LegacyCode { get; set; }

    [DynamoIgnore]
    public string? Transient { get; set; }

    /// <summary>Computed: get-only, so not stored.</summary>
    public string Display => Id + "/" + Name;

    public string Secret { get; private set; } = string.Empty;

    public void SetSecret(string secret) => Secret = secret;
}
