using System.Globalization;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Tests.Mapping.Entities;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>Entities mapped by the real generator (as an analyzer of this project) convert to items and back.</summary>
public sealed class RoundTripTests
{
    private static readonly EntityMapper<RichEntity> Mapper = RichEntity.Mapper;

    [Fact]
    public void RoundTrip_EverySupportedType_ComesBackEqual()
    {
        var original = TestEntities.Full();

        var item = Mapper.ToItem(original);
        var copy = Mapper.FromItem(item);

        Assert.Equal(original.Id, copy.Id);
        Assert.Equal(original.CreatedAt, copy.CreatedAt);
        Assert.Equal(original.Sequence, copy.Sequence);
        Assert.Equal(original.Email, copy.Email);
        Assert.Equal(original.TenantId, copy.TenantId);
        Assert.Equal(original.Status, copy.Status);
        Assert.Equal(original.OptionalStatus, copy.OptionalStatus);
        Assert.Equal(original.Name, copy.Name);
        Assert.Equal(original.Nickname, copy.Nickname);
        Assert.Equal(original.Flag, copy.Flag);
        Assert.Equal(original.MaybeFlag, copy.MaybeFlag);
        Assert.Equal(original.Count, copy.Count);
        Assert.Equal(original.MaybeCount, copy.MaybeCount);
        Assert.Equal(original.Big, copy.Big);
        Assert.Equal(original.MaybeBig, copy.MaybeBig);
        Assert.Equal(original.Amount, copy.Amount);
        Assert.Equal(original.MaybeAmount, copy.MaybeAmount);
        Assert.Equal(original.Ratio, copy.Ratio);
        Assert.Equal(original.MaybeRatio, copy.MaybeRatio);
        Assert.Equal(original.Reference, copy.Reference);
        Assert.Equal(original.MaybeReference, copy.MaybeReference);
        Assert.Equal(original.UpdatedAt, copy.UpdatedAt);
        Assert.Equal(original.ExpiresAt, copy.ExpiresAt);
        Assert.Equal(original.Version, copy.Version);
        Assert.Equal(original.Tags, copy.Tags);
        Assert.Equal(original.Scores, copy.Scores);
        Assert.Equal(original.StatusHistory, copy.StatusHistory);
        Assert.Equal(original.Aliases, copy.Aliases);
        Assert.Equal(original.Links, copy.Links);
        Assert.Equal(original.Counters, copy.Counters);
        Assert.Equal(original.Moments, copy.Moments);
        Assert.Equal(original.Switches, copy.Switches);
        Assert.Equal(original.Roles.Order(), copy.Roles.Order());
        Assert.Equal(original.OptionalRoles!.Order(), copy.OptionalRoles!.Order());
        Assert.Equal(original.Permissions.Order(), copy.Permissions.Order());
        Assert.Equal(original.Labels, copy.Labels);
        Assert.Equal(original.Prices, copy.Prices);
        Assert.Equal(original.StatusByRegion, copy.StatusByRegion);
        Assert.Equal(original.Home, copy.Home! with { Location = original.Home!.Location });
        Assert.Equal(original.Home.Location!.Latitude, copy.Home!.Location!.Latitude);
        Assert.Equal(original.Home.Location.Longitude, copy.Home.Location.Longitude);
        Assert.Equal(original.Work, copy.Work);
        Assert.Equal(original.PastAddresses, copy.PastAddresses);
        Assert.Equal(original.AddressBook, copy.AddressBook);
        Assert.Equal(original.LegacyCode, copy.LegacyCode);
        Assert.Equal(original.Secret, copy.Secret);

        // And the copy stores exactly the same item.
        ItemAssert.Equal(item, Mapper.ToItem(copy));
    }

    [Fact]
    public void ToItem_NullValues_AreLeftOutAndReadBackAsNull()
    {
        var item = Mapper.ToItem(TestEntities.Minimal());

        foreach (var absent in new[] { "Email", "TenantId", "OptionalStatus", "Nickname", "MaybeFlag", "MaybeCount", "MaybeBig", "MaybeAmount",
                     "MaybeRatio", "MaybeReference", "UpdatedAt", "ExpiresAt", "Scores", "OptionalRoles", "Prices", "Home", "AddressBook", "legacy_code" })
        {
            Assert.False(item.ContainsKey(absent), $"'{absent}' should be absent.");
        }

        var copy = Mapper.FromItem(item);
        Assert.Null(copy.Email);
        Assert.Null(copy.TenantId);
        Assert.Null(copy.OptionalStatus);
        Assert.Null(copy.MaybeFlag);
        Assert.Null(copy.MaybeCount);
        Assert.Null(copy.MaybeAmount);
        Assert.Null(copy.MaybeRatio);
        Assert.Null(copy.UpdatedAt);
        Assert.Null(copy.ExpiresAt);
        Assert.Null(copy.Scores);
        Assert.Null(copy.OptionalRoles);
        Assert.Null(copy.Prices);
        Assert.Null(copy.Home);
        Assert.Null(copy.AddressBook);
        Assert.Null(copy.LegacyCode);
    }

    [Fact]
    public void DynamoDB_NULL_reads_like_an_absent_attribute()
    {
        var item = Mapper.ToItem(TestEntities.Full());
        item["Email"] = new AttributeValue { NULL = true };
        item["Tags"] = new AttributeValue { NULL = true };
        item["Count"] = new AttributeValue { NULL = true };

        var copy = Mapper.FromItem(item);

        Assert.Null(copy.Email);
        Assert.Empty(copy.Tags);
        Assert.Equal(0, copy.Count);
    }

    [Fact]
    public void RoundTrip_EmptyAndNullCollections_StayEmptyAndNull()
    {
        var entity = TestEntities.Minimal();
        entity.Roles = [];
        entity.OptionalRoles = new HashSet<string>();
        entity.Labels = [];
        entity.Scores = [];
        entity.Prices = null;

        var item = Mapper.ToItem(entity);
        var copy = Mapper.FromItem(item);

        // DynamoDB has no empty set: an empty set is stored as an empty list.
        Assert.NotNull(item["Roles"].L);
        Assert.Empty(item["Roles"].L);
        Assert.Empty(copy.Roles);
        Assert.NotNull(copy.OptionalRoles);
        Assert.Empty(copy.OptionalRoles);
        Assert.Empty(copy.Labels);
        Assert.NotNull(copy.Scores);
        Assert.Empty(copy.Scores);
        Assert.Null(copy.Prices);
        Assert.Empty(copy.Tags);
        Assert.Empty(copy.Aliases);
        Assert.Empty(copy.StatusHistory);
    }

    [Fact]
    public void FromItem_AbsentNonNullableCollectionsAndValueTypes_ReadAsEmptyAndDefault()
    {
        var item = Mapper.ToItem(TestEntities.Full());
        foreach (var name in new[] { "Tags", "Aliases", "Roles", "Labels", "StatusByRegion", "PastAddresses", "Count", "Flag", "Status", "Reference" })
        {
            item.Remove(name);
        }

        var copy = Mapper.FromItem(item);

        Assert.Empty(copy.Tags);
        Assert.Empty(copy.Aliases);
        Assert.Empty(copy.Roles);
        Assert.Empty(copy.Labels);
        Assert.Empty(copy.StatusByRegion);
        Assert.Empty(copy.PastAddresses);
        Assert.Equal(0, copy.Count);
        Assert.False(copy.Flag);
        Assert.Equal(Status.Pending, copy.Status);
        Assert.Equal(Guid.Empty, copy.Reference);
    }

    [Fact]
    public void FromItem_ItemWhoseComparerIgnoresCase_IsReadByLookingEachNameUpAsBefore()
    {
        // Generated readers walk an ordinally compared item once; any other comparer keeps its own matching.
        var item = Mapper.ToItem(TestEntities.Full());
        var upperCase = item.ToDictionary(pair => pair.Key.ToUpperInvariant(), pair => pair.Value, StringComparer.Ordinal);
        var ignoringCase = new Dictionary<string, AttributeValue>(upperCase, StringComparer.OrdinalIgnoreCase);

        ItemAssert.Equal(item, Mapper.ToItem(Mapper.FromItem(ignoringCase)));
        Assert.Throws<EntityMappingException>(() => Mapper.FromItem(upperCase));
        Assert.True(AttributeValueConverter.ComparesNamesOrdinally(item));
        Assert.True(AttributeValueConverter.ComparesNamesOrdinally(upperCase));
        Assert.False(AttributeValueConverter.ComparesNamesOrdinally(ignoringCase));
    }

    [Fact]
    public void FromItem_SeveralBadAttributes_ReportsTheFirstDeclaredWhateverTheItemOrder()
    {
        var item = Mapper.ToItem(TestEntities.Full());
        item.Remove("Id");
        item["Count"] = new AttributeValue { S = "twelve" };
        var reversed = new Dictionary<string, AttributeValue>(item.Reverse(), StringComparer.Ordinal);

        var error = Assert.Throws<EntityMappingException>(() => Mapper.FromItem(item));
        Assert.Contains("'Id'", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, Assert.Throws<EntityMappingException>(() => Mapper.FromItem(reversed)).Message);
    }

    [Theory]
    [InlineData("Id")]
    [InlineData("Work")]
    public void FromItem_AbsentNonNullableStringOrDocument_IsAMappingError(string attribute)
    {
        var item = Mapper.ToItem(TestEntities.Full());
        item.Remove(attribute);

        var error = Assert.Throws<EntityMappingException>(() => Mapper.FromItem(item));
        Assert.Contains(attribute, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromItem_AttributeOfTheWrongDynamoDbType_IsAMappingError()
    {
        var item = Mapper.ToItem(TestEntities.Full());
        item["Count"] = new AttributeValue { S = "twelve" };

        var error = Assert.Throws<EntityMappingException>(() => Mapper.FromItem(item));
        Assert.Contains("Count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("Zoë Ångström")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 🎉👩‍👩‍👧")]
    [InlineData("RTL עברית")]
    [InlineData("with # and % and %23")]
    [InlineData("tab\tnew\nline")]
    public void RoundTrip_UnicodeStrings_ComeBackEqual(string text)
    {
        var entity = TestEntities.Minimal();
        entity.Name = text;
        entity.Nickname = text;
        entity.Tags = [text];
        entity.Labels = new Dictionary<string, string> { [text] = text };

        var copy = Mapper.FromItem(Mapper.ToItem(entity));

        Assert.Equal(text, copy.Name);
        Assert.Equal(text, copy.Nickname);
        Assert.Equal(text, Assert.Single(copy.Tags));
        Assert.Equal(text, copy.Labels[text]);
    }

    [Theory]
    [InlineData(int.MinValue, long.MinValue)]
    [InlineData(int.MaxValue, long.MaxValue)]
    [InlineData(0, 0L)]
    [InlineData(-1, -1L)]
    public void RoundTrip_ExtremeIntegers_ComeBackEqual(int number, long big)
    {
        var entity = TestEntities.Minimal();
        entity.Count = number;
        entity.MaybeCount = number;
        entity.Big = big;
        entity.MaybeBig = big;

        var item = Mapper.ToItem(entity);
        var copy = Mapper.FromItem(item);

        Assert.Equal(number.ToString(CultureInfo.InvariantCulture), item["Count"].N);
        Assert.Equal(number, copy.Count);
        Assert.Equal(number, copy.MaybeCount);
        Assert.Equal(big, copy.Big);
        Assert.Equal(big, copy.MaybeBig);
    }

    public static TheoryData<decimal> Decimals => [decimal.MaxValue, decimal.MinValue, 0m, 0.0000000000000000000000000001m, -79228162514264337593543950.335m, 1.10m];

    [Theory]
    [MemberData(nameof(Decimals))]
    public void RoundTrip_ExtremeDecimals_ComeBackEqual(decimal amount)
    {
        var entity = TestEntities.Minimal();
        entity.Amount = amount;
        entity.MaybeAmount = amount;

        var copy = Mapper.FromItem(Mapper.ToItem(entity));

        Assert.Equal(amount, copy.Amount);
        Assert.Equal(amount, copy.MaybeAmount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-130)]
    [InlineData(-1e-130)]
    [InlineData(9.99e125)]
    [InlineData(-9.99e125)]
    [InlineData(0.30000000000000004)]
    [InlineData(double.MaxValue / 1e183)]
    [InlineData(1.0000000000000002)]
    public void RoundTrip_DoublesInDynamoDbRange_ComeBackExactly(double ratio)
    {
        var entity = TestEntities.Minimal();
        entity.Ratio = ratio;
        entity.MaybeRatio = ratio;

        var copy = Mapper.FromItem(Mapper.ToItem(entity));

        Assert.Equal(ratio, copy.Ratio);
        Assert.Equal(ratio, copy.MaybeRatio);
    }

    [Theory]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(1e200)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ToItem_DoublesOutsideDynamoDbRange_AreRejected(double ratio)
    {
        var entity = TestEntities.Minimal();
        entity.Ratio = ratio;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Mapper.ToItem(entity));
        Assert.Equal("Ratio", error.ParamName);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(-12)]
    [InlineData(5.5)]
    [InlineData(0)]
    public void DateTimeOffset_reads_back_in_UTC_at_the_same_instant(double offsetHours)
    {
        var moment = new DateTimeOffset(2026, 12, 31, 23, 30, 15, TimeSpan.FromHours(offsetHours)).AddTicks(1234567);
        var entity = TestEntities.Minimal();
        entity.UpdatedAt = moment;
        entity.Moments = [moment];

        var item = Mapper.ToItem(entity);
        var copy = Mapper.FromItem(item);

        Assert.EndsWith("Z", item["UpdatedAt"].S, StringComparison.Ordinal);
        Assert.Equal(moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), item["UpdatedAt"].S);
        Assert.Equal(TimeSpan.Zero, copy.UpdatedAt!.Value.Offset);
        Assert.Equal(moment.UtcTicks, copy.UpdatedAt.Value.UtcTicks);
        Assert.Equal(moment, copy.UpdatedAt.Value);
        Assert.Equal(TimeSpan.Zero, copy.Moments.Single().Offset);
        Assert.Equal(moment, copy.Moments.Single());
    }

    [Fact]
    public void ToItem_Enums_AreStoredByNameAndAliasesUnderTheFirstName()
    {
        var entity = TestEntities.Minimal();
        entity.OptionalStatus = Status.Paused;
        entity.StatusHistory = [Status.Suspended, Status.Cancelled];

        var item = Mapper.ToItem(entity);

        Assert.Equal("Pending", item["Status"].S);
        Assert.Equal("Suspended", item["OptionalStatus"].S);
        Assert.Equal(["Suspended", "Cancelled"], item["StatusHistory"].L.Select(v => v.S));

        // Every name is read, aliases included.
        item["Status"] = new AttributeValue { S = "Paused" };
        Assert.Equal(Status.Paused, Mapper.FromItem(item).Status);
    }

    [Fact]
    public void ToItem_UndefinedEnumValue_IsRejected()
    {
        var entity = TestEntities.Minimal();
        entity.OptionalStatus = (Status)99;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Mapper.ToItem(entity));
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Status")]
    [InlineData("OptionalStatus")]
    public void FromItem_UnknownEnumName_IsAMappingError(string attribute)
    {
        var item = Mapper.ToItem(TestEntities.Full());
        item[attribute] = new AttributeValue { S = "active" };

        var error = Assert.Throws<EntityMappingException>(() => Mapper.FromItem(item));
        Assert.Contains("active", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToItem_NestedDocumentsAndListsAndMapsOfDocuments_AreMaps()
    {
        var item = Mapper.ToItem(TestEntities.Full());

        var home = item["Home"].M;
        Assert.Equal("1 Main St", home["Street"].S);
        Assert.Equal("12345", home["PostalCode"].S);
        Assert.Equal("52.52", home["Location"].M["Latitude"].N);
        Assert.False(item["Work"].M.ContainsKey("PostalCode"));
        Assert.Equal("Ogdenville", item["PastAddresses"].L.Single().M["City"].S);
        Assert.Equal("Capital City", item["AddressBook"].M["mum"].M["City"].S);

        var map = Address.ToMap(TestEntities.Full().Home!);
        Assert.Equal(TestEntities.Full().Home!.City, Address.FromMap(map).City);
    }

    [Fact]
    public void ToItem_RenamedIgnoredComputedAndPrivateSetterProperties_AreMappedAsDeclared()
    {
        var item = Mapper.ToItem(TestEntities.Full());

        Assert.Equal("L-1", item["legacy_code"].S);
        Assert.False(item.ContainsKey("LegacyCode"));
        Assert.False(item.ContainsKey("Transient"));
        Assert.False(item.ContainsKey("Display"));
        Assert.Equal("s3cr3t", item["Secret"].S);

        var copy = Mapper.FromItem(item);
        Assert.Equal("L-1", copy.LegacyCode);
        Assert.Null(copy.Transient);
        Assert.Equal("s3cr3t", copy.Secret);
    }

    [Fact]
    public void ToItem_AnyEntity_HoldsKeysAndEntityType()
    {
        var item = Mapper.ToItem(TestEntities.Full());

        Assert.Equal("RICH#user-42", item[ItemAttributeNames.PartitionKey].S);
        Assert.Equal("ITEM#2026-03-14T13:09:26.5350000Z#7", item[ItemAttributeNames.SortKey].S);
        Assert.Equal("MappingTests.Rich", item[ItemAttributeNames.EntityType].S);
        Assert.Equal("EMAIL#zoe@example.com", item["GSI1PK"].S);
        Assert.Equal("RICH#user-42", item["GSI1SK"].S);
        Assert.Equal("STATUS#Active", item["GSI2PK"].S);
        Assert.Equal("TENANT#8c1f3a52-7d0e-4d5b-9a51-0f2f8d6e4b10", item["GSI3PK"].S);
        Assert.Equal("SEQ#7#9223372036854775807", item["GSI3SK"].S);
    }

    [Fact]
    public void ToItem_NullableIndexKeyPropertyIsNull_LeavesOutTheSparseIndexKeys()
    {
        var item = Mapper.ToItem(TestEntities.Minimal());

        Assert.False(item.ContainsKey("GSI1PK"));
        Assert.False(item.ContainsKey("GSI1SK"));
        Assert.False(item.ContainsKey("GSI3PK"));
        Assert.False(item.ContainsKey("GSI3SK"));

        // An index over non-nullable properties is always written.
        Assert.True(item.ContainsKey("GSI2PK"));
        Assert.True(item.ContainsKey("GSI2SK"));
    }

    [Fact]
    public void ToItem_TimeToLive_IsStoredAsEpochSeconds()
    {
        var entity = TestEntities.Minimal();
        entity.ExpiresAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(3));

        var item = Mapper.ToItem(entity);

        Assert.Equal(entity.ExpiresAt.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), item["ExpiresAt"].N);
        Assert.Null(item["ExpiresAt"].S);
        Assert.Equal(entity.ExpiresAt, Mapper.FromItem(item).ExpiresAt);
        Assert.Equal("ExpiresAt", Mapper.TimeToLiveAttributeName);
    }

    [Fact]
    public void Mapper_Version_IsReadAndCopied()
    {
        var original = TestEntities.Full();

        Assert.True(Mapper.IsVersioned);
        Assert.Equal("Version", Mapper.VersionAttributeName);
        Assert.Equal(3, Mapper.GetVersion(original));

        var next = Mapper.WithVersion(original, 4);

        Assert.NotSame(original, next);
        Assert.Equal(4, next.Version);
        Assert.Equal(3, original.Version);
        Assert.Equal(original.Name, next.Name);
        Assert.Equal(original.Secret, next.Secret);
        Assert.Equal(original.Transient, next.Transient);
        var expected = Mapper.ToItem(original);
        expected["Version"] = new AttributeValue { N = "4" };
        ItemAssert.Equal(expected, Mapper.ToItem(next));
    }

    [Fact]
    public void RoundTrip_PositionalRecord_CopiesItsVersionWithAWithExpression()
    {
        var line = new OrderLine("order-1", 2, "Widget", 5) { Note = "kept by with" };

        var item = OrderLine.Mapper.ToItem(line);
        var copy = OrderLine.Mapper.FromItem(item);
        var next = OrderLine.Mapper.WithVersion(line, 6);

        Assert.Equal(line with { Note = null }, copy);
        Assert.Equal("ORDER#order-1", item["PK"].S);
        Assert.Equal("LINE#2", item["SK"].S);
        Assert.Equal(5, OrderLine.Mapper.GetVersion(line));
        Assert.Equal(line with { Version = 6 }, next);
        Assert.Equal("kept by with", next.Note);
        Assert.Throws<OverflowException>(() => OrderLine.Mapper.WithVersion(line, long.MaxValue));
    }

    [Fact]
    public void RoundTrip_ClassBuiltThroughItsConstructor_CopiesItsVersion()
    {
        var subscription = new PlanSubscription(Plan.Pro, Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")) { Seats = 5, LocalNote = "local" };

        var item = PlanSubscription.Mapper.ToItem(subscription);
        var copy = PlanSubscription.Mapper.FromItem(item);
        var next = PlanSubscription.Mapper.WithVersion(subscription, 9);

        Assert.Equal("PLAN#Pro", item["PK"].S);
        Assert.Equal("SUB#aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", item["SK"].S);
        Assert.Equal(Plan.Pro, copy.Plan);
        Assert.Equal(subscription.SubscriptionId, copy.SubscriptionId);
        Assert.Equal(5, copy.Seats);
        Assert.Equal(9, next.Version);
        Assert.Equal(5, next.Seats);
        Assert.Equal("local", next.LocalNote);
    }

    [Fact]
    public void RoundTrip_NestedGlobalNamespaceAndStoredEntities_ComeBackEqual()
    {
        var nested = new Outer.Middle.NestedEntity { Key = "k", Value = 3 };
        var nestedCopy = Outer.Middle.NestedEntity.Mapper.FromItem(Outer.Middle.NestedEntity.Mapper.ToItem(nested));
        Assert.Equal(3, nestedCopy.Value);

        var global = new GlobalNamespaceEntity { Name = "g", Line = new OrderLine("o", 1, "p", 0) };
        var item = GlobalNamespaceEntity.Mapper.ToItem(global);
        Assert.Equal("ORDER#o", item["Line"].M["PK"].S);
        Assert.Equal(global.Line, GlobalNamespaceEntity.Mapper.FromItem(item).Line);
        Assert.False(GlobalNamespaceEntity.Mapper.IsVersioned);
        Assert.Throws<NotSupportedException>(() => GlobalNamespaceEntity.Mapper.GetVersion(global));
    }

    [Fact]
    public void CreateKey_and_CreatePartitionKey_build_the_stored_keys()
    {
        var entity = TestEntities.Full();
        var item = Mapper.ToItem(entity);

        var key = RichEntity.CreateKey(entity.Id, entity.CreatedAt, entity.Sequence);

        Assert.Equal(item["PK"].S, key.PartitionKey);
        Assert.Equal(item["SK"].S, key.SortKey);
        Assert.Equal(key, Mapper.GetKey(entity));
        Assert.Equal(item["PK"].S, RichEntity.CreatePartitionKey(entity.Id));
        Assert.Equal(new PrimaryKey("GLOBAL#x", "META"), GlobalNamespaceEntity.CreateKey("x"));
        Assert.Equal("TENANT#a%23b#eu", Membership.CreatePartitionKey("a#b", "eu"));
    }

    [Fact]
    public void Fields_AnyProperty_NameAndConvertLikeTheMapper()
    {
        var entity = TestEntities.Full();
        var item = Mapper.ToItem(entity);

        Assert.Equal("legacy_code", RichEntity.Fields.LegacyCode.AttributeName);
        Assert.Equal("Email", RichEntity.Fields.Email.ToString());
        Assert.Null(RichEntity.Fields.Email.ToAttributeValue(null));
        Assert.True(ItemAssert.Same(item["Email"], RichEntity.Fields.Email.ToAttributeValue(entity.Email)!));
        Assert.True(ItemAssert.Same(item["ExpiresAt"], RichEntity.Fields.ExpiresAt.ToAttributeValue(entity.ExpiresAt)!));
        Assert.True(ItemAssert.Same(item["Status"], RichEntity.Fields.Status.ToAttributeValue(entity.Status)!));
        Assert.True(ItemAssert.Same(item["Roles"], RichEntity.Fields.Roles.ToAttributeValue(entity.Roles)!));
        Assert.True(ItemAssert.Same(item["Home"], RichEntity.Fields.Home.ToAttributeValue(entity.Home)!));
        Assert.True(ItemAssert.Same(item["Ratio"], RichEntity.Fields.Ratio.ToAttributeValue(entity.Ratio)!));
        Assert.True(ItemAssert.Same(item["PastAddresses"], RichEntity.Fields.PastAddresses.ToAttributeValue(entity.PastAddresses)!));
        Assert.Equal("Version", PlanSubscription.Fields.Version.AttributeName);
    }

    [Fact]
    public void ToItem_ListsAndMapsOfEveryDeclaredType_AreStoredAsTheConverterStoresThem()
    {
        // ToItem writes List<T>, T[] and Dictionary<string, T> with its own loops; Fields convert through
        // AttributeValueConverter.FromList/FromMap, which interface-typed properties use in ToItem too.
        var entity = TestEntities.Full();
        var item = Mapper.ToItem(entity);

        var expected = new (string Name, AttributeValue? Value)[]
        {
            ("Tags", RichEntity.Fields.Tags.ToAttributeValue(entity.Tags)),
            ("Scores", RichEntity.Fields.Scores.ToAttributeValue(entity.Scores)),
            ("StatusHistory", RichEntity.Fields.StatusHistory.ToAttributeValue(entity.StatusHistory)),
            ("Aliases", RichEntity.Fields.Aliases.ToAttributeValue(entity.Aliases)),
            ("Links", RichEntity.Fields.Links.ToAttributeValue(entity.Links)),
            ("Moments", RichEntity.Fields.Moments.ToAttributeValue(entity.Moments)),
            ("Labels", RichEntity.Fields.Labels.ToAttributeValue(entity.Labels)),
            ("Prices", RichEntity.Fields.Prices.ToAttributeValue(entity.Prices)),
            ("StatusByRegion", RichEntity.Fields.StatusByRegion.ToAttributeValue(entity.StatusByRegion)),
            ("PastAddresses", RichEntity.Fields.PastAddresses.ToAttributeValue(entity.PastAddresses)),
            ("AddressBook", RichEntity.Fields.AddressBook.ToAttributeValue(entity.AddressBook)),
        };
        foreach (var (name, value) in expected)
        {
            Assert.True(ItemAssert.Same(value!, item[name]), name);
        }

        Assert.Equal(new[] { "a", "b#c", "d%e" }, item["Tags"].L.Select(element => element.S));
        Assert.Equal("prod", item["Labels"].M["env"].S);
        Assert.Equal("🚀", item["Labels"].M["emoji"].S);
    }

    [Fact]
    public void ToItem_NullListElementOrMapValue_IsRejectedNamingTheAttribute()
    {
        var withNullTag = TestEntities.Full();
        withNullTag.Tags = ["a", null!];
        var withNullAlias = TestEntities.Full();
        withNullAlias.Aliases = [null!];
        var withNullLabel = TestEntities.Full();
        withNullLabel.Labels = new Dictionary<string, string> { ["env"] = null! };
        var withNullAddress = TestEntities.Full();
        withNullAddress.AddressBook = new Dictionary<string, Address> { ["mum"] = null! };

        foreach (var (entity, attribute) in new[] { (withNullTag, "Tags"), (withNullAlias, "Aliases"), (withNullLabel, "Labels"), (withNullAddress, "AddressBook") })
        {
            var error = Assert.Throws<ArgumentException>(() => Mapper.ToItem(entity));
            Assert.Equal(attribute, error.ParamName);
            Assert.StartsWith($"'{attribute}' must not contain null elements or values.", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mapper_Description_MatchesTheEntity()
    {
        Assert.Equal("MappingTests.Rich", Mapper.EntityType);
        Assert.Equal(typeof(RichEntity), Mapper.EntityClrType);
        Assert.Equal("RICH#{Id}", Mapper.PartitionKey.Pattern);
        Assert.Equal("ITEM#{CreatedAt}#{Sequence}", Mapper.SortKey.Pattern);
        Assert.Equal([1, 2, 3], Mapper.Indexes.Select(i => i.Index));
        Assert.Equal("EMAIL#{Email}", Mapper.Indexes[0].PartitionKey.Pattern);
        Assert.True(Mapper.IsPrimaryKeyAttribute("Sequence"));
        Assert.False(Mapper.IsPrimaryKeyAttribute("Email"));
        Assert.Same(Mapper, RichEntity.Mapper);
        Assert.IsType<RichEntity>(Mapper.FromItemAsObject(Mapper.ToItem(TestEntities.Full())));

        var table = new TableModelBuilder().Add<RichEntity>().Add<OrderLine>().Add<PlanSubscription>().Add<Membership>().Build();
        Assert.Equal("ExpiresAt", table.TimeToLiveAttributeName);
        Assert.Equal([1, 2, 3, 4], table.Indexes);
    }
}
