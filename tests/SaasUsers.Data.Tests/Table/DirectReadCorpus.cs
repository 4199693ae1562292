using System.Text;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Tests.Mapping;
using SaasUsers.Data.Tests.Mapping.Entities;
using SaasUsers.Data.Tests.Table.Entities;

namespace SaasUsers.Data.Tests.Table;

/// <summary>
/// The items the direct read path is checked on (written to DynamoDB Local as they are, read back from it):
/// entities with every property type, unicode and JSON escapes, big numbers, empty lists, sets and maps, NULLs,
/// unknown attributes of every DynamoDB type, items of unknown or no entity type; and items that do not fit
/// <see cref="RichEntity"/> (each in its own partition), whose exceptions both paths must report alike.
/// </summary>
internal static class DirectReadCorpus
{
    private const string Partition = DirectReadCorpusFixture.Partition;

    public static List<Dictionary<string, AttributeValue>> Items()
    {
        var full = Rich(TestEntities.Full(), "A#01-full");
        var minimal = Rich(TestEntities.Minimal(), "A#02-minimal-empty-collections");

        var unicode = Rich(TestEntities.Full(), "A#03-unicode \"quoted\" \\ ☃");
        unicode["Name"] = S("quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul-ish \u0001 line-sep \u2028 para \u2029 emoji 🎉👩‍👩‍👧 CJK 日本語 RTL עברית");
        unicode["Nickname"] = S("é (precomposed) vs e\u0301 (combining)");
        unicode["Tags"] = L(S("\"#\""), S("\\u0041 is not A"), S("</script>"), S(""));
        unicode["Labels"] = M(("ключ🔑", S("значение\n")), ("a\"b", S("quote key")));
        unicode["Roles"] = SS("β", "α", "\u0000nul");

        var big = Rich(TestEntities.Full(), "A#04-big-numbers");
        big["Amount"] = N("79228162514264337593543950335");
        big["MaybeAmount"] = N("-0.0000000000000000000000000001");
        big["Ratio"] = N("9.99E+125");
        big["MaybeRatio"] = N("-1E-130");
        big["Count"] = N("-2147483648");
        big["Big"] = N("9223372036854775807");
        big["Prices"] = M(("max", N("79228162514264337593543950335")), ("tiny", N("1E-28")));

        var extra = Rich(TestEntities.Full(), "A#05-unknown-attributes");
        extra["ExtraS"] = S("x");
        extra["ExtraN"] = N("12345678901234567890123456789012345678");
        extra["ExtraB"] = new AttributeValue { B = new MemoryStream([0, 1, 2, 250, 255]) };
        extra["ExtraBool"] = new AttributeValue { BOOL = false };
        extra["ExtraNull"] = new AttributeValue { NULL = true };
        extra["ExtraSS"] = SS("z", "a");
        extra["ExtraNS"] = new AttributeValue { NS = ["1", "-0.5", "1E+100"] };
        extra["ExtraBS"] = new AttributeValue { BS = [new MemoryStream([1]), new MemoryStream(Encoding.UTF8.GetBytes("bytes ✓"))] };
        extra["ExtraL"] = L(S("a"), N("1"), L(), M(), L(M(("deep", L(M(("deeper", S("bottom"))))))));
        extra["ExtraM"] = M(("level1", M(("level2", M(("level3", M(("level4", SS("leaf")))))))));
        extra["ExtraEmptyL"] = L();
        extra["ExtraEmptyM"] = M();

        var nulls = Rich(TestEntities.Full(), "A#06-nulls");
        foreach (var name in new[] { "Email", "Nickname", "MaybeFlag", "MaybeCount", "Home", "Scores", "Tags", "Roles", "Labels", "Prices", "ExpiresAt", "legacy_code", "UpdatedAt" })
        {
            nulls[name] = new AttributeValue { NULL = true };
        }

        nulls.Remove("Status");
        nulls.Remove("Count");
        nulls.Remove("Version");

        var unknownType = Raw("B#01-unknown-type", "Future.Thing");
        unknownType["S"] = S("text ✓ \"q\"");
        unknownType["N"] = N("-0.00000000000000000000000000000000000001");
        unknownType["B"] = new AttributeValue { B = new MemoryStream(Encoding.UTF8.GetBytes("binary")) };
        unknownType["BOOL"] = new AttributeValue { BOOL = true };
        unknownType["NULL"] = new AttributeValue { NULL = true };
        unknownType["M"] = M(("nested", M(("list", L(N("1"), SS("s"), M())))));
        unknownType["L"] = L(S("mixed"), new AttributeValue { BOOL = false }, new AttributeValue { NULL = true }, L(L()));
        unknownType["SS"] = SS("x", "y");
        unknownType["NS"] = new AttributeValue { NS = ["3", "2.5"] };
        unknownType["BS"] = new AttributeValue { BS = [new MemoryStream([9, 8, 7])] };
        unknownType["EmptyL"] = L();
        unknownType["EmptyM"] = M();

        var noType = Raw("B#02-no-type", null);
        noType["Data"] = S("an item without _type");

        var numberType = Raw("B#03-type-is-a-number", null);
        numberType[ItemAttributeNames.EntityType] = N("7");

        var note = Note.Mapper.ToItem(new Note { OrgId = "corpus", NoteId = "n-1", CreatedAt = TestEntities.Created, Text = "a note among the rich ✎" });
        note["PK"] = S(Partition);
        note["SK"] = S("C#01-note");

        return [full, minimal, unicode, big, extra, nulls, unknownType, noType, numberType, note];
    }

    public static List<Dictionary<string, AttributeValue>> FaultyItems()
    {
        var faults = new List<(string Name, Action<Dictionary<string, AttributeValue>> Break)>
        {
            ("count-is-text", i => i["Count"] = S("12")),
            ("count-overflows", i => i["Count"] = N("99999999999")),
            ("count-is-fractional", i => i["Count"] = N("1.5")),
            ("id-missing", i => i.Remove("Id")),
            ("id-is-null", i => i["Id"] = new AttributeValue { NULL = true }),
            ("work-is-null", i => i["Work"] = new AttributeValue { NULL = true }),
            ("work-lacks-street", i => i["Work"] = M(("City", S("C")))),
            ("tag-element-null", i => i["Tags"] = L(S("a"), new AttributeValue { NULL = true })),
            ("tag-element-number", i => i["Tags"] = L(N("1"))),
            ("status-unknown", i => i["Status"] = S("Nope")),
            ("created-not-a-date", i => i["CreatedAt"] = S("not a date")),
            ("reference-not-a-guid", i => i["Reference"] = S("not-a-guid")),
            ("roles-nonempty-list", i => i["Roles"] = L(S("x"))),
            ("two-faults", i => { i["Sequence"] = S("x"); i["Count"] = S("y"); }),
            ("expiry-out-of-range", i => i["ExpiresAt"] = N("99999999999999999")),
            ("labels-is-list", i => i["Labels"] = L()),
            ("flag-is-number", i => i["Flag"] = N("1")),
        };

        var items = new List<Dictionary<string, AttributeValue>>();
        foreach (var (name, breakIt) in faults)
        {
            var item = RichEntity.Mapper.ToItem(TestEntities.Full());
            item["PK"] = S("RICH#faulty-" + name);
            item["SK"] = S("F#" + name);
            breakIt(item);
            items.Add(item);
        }

        return items;
    }

    private static Dictionary<string, AttributeValue> Rich(RichEntity entity, string sortKey)
    {
        var item = RichEntity.Mapper.ToItem(entity);
        item["PK"] = S(Partition);
        item["SK"] = S(sortKey);
        return item;
    }

    private static Dictionary<string, AttributeValue> Raw(string sortKey, string? entityType)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["PK"] = S(Partition), ["SK"] = S(sortKey) };
        if (entityType is not null)
        {
            item[ItemAttributeNames.EntityType] = S(entityType);
        }

        return item;
    }

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(string value) => new() { N = value };

    private static AttributeValue SS(params string[] values) => new() { SS = [.. values] };

    private static AttributeValue L(params AttributeValue[] values) => new() { L = [.. values] };

    private static AttributeValue M(params (string Key, AttributeValue Value)[] entries) =>
        new() { M = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal) };
}
