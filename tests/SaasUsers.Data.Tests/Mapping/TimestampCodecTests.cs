using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary>
/// The timestamp writer and its fast reader give exactly what the .NET custom format
/// <c>yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'</c> gives, so items written before and after stay the same.
/// </summary>
public sealed class TimestampCodecTests
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static TheoryData<DateTimeOffset> Moments() =>
    [
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)).AddDays(1),
        new DateTimeOffset(999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
        new DateTimeOffset(2020, 2, 29, 23, 59, 59, TimeSpan.FromMinutes(330)),
        new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(1_234_567),
        new DateTimeOffset(2026, 12, 31, 23, 30, 15, TimeSpan.FromHours(-8)).AddTicks(1),
        new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
    ];

    [Theory]
    [MemberData(nameof(Moments))]
    public void Format_AnyInstant_MatchesTheCustomFormatAndReadsBackTheSameInstant(DateTimeOffset moment)
    {
        var text = AttributeValueConverter.FormatTimestamp(moment);

        Assert.Equal(moment.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture), text);
        var read = AttributeValueConverter.ReadDateTimeOffset(new AttributeValue { S = text }, "At");
        Assert.Equal(moment.UtcTicks, read.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Fact]
    public void FormatAndRead_RandomMoments_MatchTheFramework()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks + 1);
            var moment = new DateTimeOffset(ticks, TimeSpan.Zero);
            var expected = moment.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

            var text = AttributeValueConverter.FormatTimestamp(moment);

            Assert.Equal(expected, text);
            Assert.True(DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var framework));
            var read = AttributeValueConverter.ReadDateTimeOffset(new AttributeValue { S = text }, "At");
            Assert.Equal(framework.ToUniversalTime(), read);
            Assert.Equal(TimeSpan.Zero, read.Offset);
        }
    }

    [Fact]
    public void FastRead_AnyFormattedMoment_IsReadWithoutTheFramework_InUtf16AndUtf8()
    {
        var random = new Random(20261201);
        for (var i = 0; i < 5_000; i++)
        {
            var moment = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks + 1), TimeSpan.Zero);
            var text = AttributeValueConverter.FormatTimestamp(moment);

            Assert.True(AttributeValueConverter.TryParseTimestamp(text.AsSpan(), out var fromChars), text);
            Assert.True(AttributeValueConverter.TryParseTimestamp(Encoding.UTF8.GetBytes(text).AsSpan(), out var fromBytes), text);
            Assert.Equal(moment, fromChars);
            Assert.Equal(moment, fromBytes);
            Assert.Equal(TimeSpan.Zero, fromChars.Offset);
        }
    }

    [Fact]
    public void FastRead_AnyCharacterInAnyPosition_AcceptsOnlyWhatTheExactFormatAcceptsWithTheSameValue()
    {
        // The fast reader must never accept a text the framework's exact parse refuses, nor read another instant.
        const string Valid = "2024-02-29T23:59:59.9999999Z";
        var characters = Enumerable.Range(0, 0x400).Concat([0x0660, 0x06F0, 0x0966, 0xFF10, 0xFF19, 0xD800, 0xFFFF]);
        foreach (var position in Enumerable.Range(0, Valid.Length))
        {
            foreach (var character in characters)
            {
                var text = string.Concat(Valid.AsSpan(0, position), ((char)character).ToString(), Valid.AsSpan(position + 1));
                var exact = DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expected);

                if (AttributeValueConverter.TryParseTimestamp(text.AsSpan(), out var fast))
                {
                    Assert.True(exact, text);
                    Assert.Equal(expected.UtcTicks, fast.UtcTicks);
                }

                if (character < 0x80 && AttributeValueConverter.TryParseTimestamp(Encoding.UTF8.GetBytes(text).AsSpan(), out var fastUtf8))
                {
                    Assert.True(exact, text);
                    Assert.Equal(expected.UtcTicks, fastUtf8.UtcTicks);
                }
            }
        }
    }

    [Theory]
    [InlineData("2026-02-29T00:00:00.0000000Z")] // not a leap year
    [InlineData("2026-13-01T00:00:00.0000000Z")]
    [InlineData("2026-00-01T00:00:00.0000000Z")]
    [InlineData("2026-01-32T00:00:00.0000000Z")]
    [InlineData("2026-01-01T24:00:00.0000000Z")]
    [InlineData("2026-01-01T00:60:00.0000000Z")]
    [InlineData("2026-01-01T00:00:60.0000000Z")]
    [InlineData("0000-01-01T00:00:00.0000000Z")]
    [InlineData("2026-01-01T00:00:00.000000xZ")]
    [InlineData("2026-01-01T00:00:00.000000\u0660Z")] // an Arabic-Indic digit
    [InlineData("2026-01-01 00:00:00.0000000Z")]
    [InlineData("not a timestamp at all......")]
    public void Read_TextOfTheRightLengthThatIsNoValidTime_IsRefused(string text)
    {
        Assert.Equal(28, text.Length);
        Assert.False(DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        var general = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed);

        if (general)
        {
            // Other ISO-8601 forms are still read by the general parser, as before.
            Assert.Equal(parsed.ToUniversalTime(), AttributeValueConverter.ReadDateTimeOffset(new AttributeValue { S = text }, "At"));
        }
        else
        {
            Assert.Throws<EntityMappingException>(() => AttributeValueConverter.ReadDateTimeOffset(new AttributeValue { S = text }, "At"));
        }
    }

    [Theory]
    [InlineData("2026-03-14T09:26:53Z")]
    [InlineData("2026-03-14T10:26:53.1234567+01:00")]
    [InlineData("2026-03-14T09:26:53.123Z")]
    public void Read_OtherIsoForms_AreStillRead(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

        Assert.Equal(expected, AttributeValueConverter.ReadDateTimeOffset(new AttributeValue { S = text }, "At"));
    }

    [Fact]
    public void A_map_is_written_the_same_from_any_collection()
    {
        var dictionary = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["a"] = "1", ["B"] = "2" };
        IEnumerable<KeyValuePair<string, string>> lazy = dictionary.Select(p => p);

        var fromDictionary = AttributeValueConverter.FromMap(dictionary, AttributeValueConverter.FromString, "Map")!;
        var fromReadOnly = AttributeValueConverter.FromMap((IReadOnlyDictionary<string, string>)dictionary.AsReadOnly(), AttributeValueConverter.FromString, "Map")!;
        var fromSequence = AttributeValueConverter.FromMap(lazy, AttributeValueConverter.FromString, "Map")!;

        foreach (var map in new[] { fromDictionary.M, fromReadOnly.M, fromSequence.M })
        {
            Assert.Equal(2, map.Count);
            Assert.Equal("1", map["a"].S);
            Assert.Equal("2", map["B"].S);
            Assert.False(map.ContainsKey("b")); // ordinal, whatever the source's comparer
        }

        Assert.Throws<ArgumentException>(() => AttributeValueConverter.FromMap(new Dictionary<string, string?> { ["x"] = null }, AttributeValueConverter.FromString, "Map"));
    }
}
