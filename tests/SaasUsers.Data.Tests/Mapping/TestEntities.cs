using SaasUsers.Data.Tests.Mapping.Entities;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>Sample entities for the mapping tests.</summary>
internal static class TestEntities
{
    public static readonly DateTimeOffset Created = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2));

    /// <summary>Every property set.</summary>
    public static RichEntity Full()
    {
        var entity = new RichEntity
        {
            Id = "user-42",
            CreatedAt = Created,
            Sequence = 7,
            Email = "zoe@example.com",
            TenantId = Guid.Parse("8c1f3a52-7d0e-4d5b-9a51-0f2f8d6e4b10"),
            Status = Status.Active,
            OptionalStatus = Status.Cancelled,
            Name = "Zoë Ångström 日本語 🎉",
            Nickname = "zo",
            Flag = true,
            MaybeFlag = false,
            Count = -12,
            MaybeCount = 0,
            Big = long.MaxValue,
            MaybeBig = long.MinValue,
            Amount = 1234.5678m,
            MaybeAmount = decimal.MinValue,
            Ratio = 0.1 + 0.2,
            MaybeRatio = -1.5e-100,
            Reference = Guid.Parse("00000000-0000-0000-0000-000000000001"),
            MaybeReference = Guid.Empty,
            UpdatedAt = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5)),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000),
            Version = 3,
            Tags = ["a", "b#c", "d%e"],
            Scores = [1, int.MinValue, int.MaxValue],
            StatusHistory = [Status.Pending, Status.Active],
            Aliases = ["x", "y"],
            Links = [Guid.Parse("11111111-2222-3333-4444-555555555555")],
            Counters = [long.MinValue, 0, long.MaxValue],
            Moments = [new DateTimeOffset(2020, 2, 29, 23, 59, 59, TimeSpan.FromMinutes(330))],
            Switches = [true, false, true],
            Roles = ["admin", "owner"],
            OptionalRoles = new HashSet<string> { "reader" },
            Permissions = new HashSet<string> { "billing:read" },
            Labels = new Dictionary<string, string> { ["env"] = "prod", ["emoji"] = "🚀" },
            Prices = new Dictionary<string, decimal> { ["eur"] = 9.99m, ["max"] = decimal.MaxValue },
            StatusByRegion = new Dictionary<string, Status> { ["eu"] = Status.Active },
            Home = new Address("1 Main St", "Springfield") { PostalCode = "12345", Location = new GeoPoint { Latitude = 52.52, Longitude = 13.405 } },
            Work = new Address("2 Side St", "Shelbyville"),
            PastAddresses = [new Address("Old Rd", "Ogdenville") { PostalCode = "999" }],
            AddressBook = new Dictionary<string, Address> { ["mum"] = new Address("3 Elm", "Capital City") },
            LegacyCode = "L-1",
            Transient = "not stored",
        };
        entity.SetSecret("s3cr3t");
        return entity;
    }

    /// <summary>Only the required properties set: every nullable one is null.</summary>
    public static RichEntity Minimal(string id = "min") => new()
    {
        Id = id,
        CreatedAt = Created,
        Work = new Address("W", "C"),
    };
}
