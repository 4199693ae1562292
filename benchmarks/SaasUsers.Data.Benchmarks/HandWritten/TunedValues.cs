using System.Globalization;

namespace SaasUsers.Data.Benchmarks.HandWritten;

/// <summary>
/// What an engineer who profiled the plain version writes (the <c>tuned hand-written</c> contender): enums by
/// <c>switch</c> over constant names (no reflection-backed <c>Enum</c> calls), and timestamps read by a
/// fixed-width parser of the one form this table stores, with the framework's parser only for anything else.
/// Writing a timestamp stays <c>"O"</c>, which is already the framework's fast path.
/// </summary>
public readonly struct TunedValues : IHandWrittenValues
{
    // "yyyy-MM-ddTHH:mm:ss.fffffffZ"
    private const int TimestampLength = 28;

    /// <inheritdoc />
    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static DateTimeOffset ParseTimestamp(string value)
    {
        var s = value.AsSpan();
        if (s.Length == TimestampLength && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[27] == 'Z'
            && TryDigits(s.Slice(0, 4), out var year) && TryDigits(s.Slice(5, 2), out var month) && TryDigits(s.Slice(8, 2), out var day)
            && TryDigits(s.Slice(11, 2), out var hour) && TryDigits(s.Slice(14, 2), out var minute) && TryDigits(s.Slice(17, 2), out var second)
            && TryDigits(s.Slice(20, 7), out var ticks)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            return new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks));
        }

        return DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
    }

    /// <inheritdoc />
    public static string Name(UserStatus value) => value switch
    {
        UserStatus.Active => nameof(UserStatus.Active),
        UserStatus.Suspended => nameof(UserStatus.Suspended),
        _ => value.ToString(),
    };

    /// <inheritdoc />
    public static string Name(SubscriptionStatus value) => value switch
    {
        SubscriptionStatus.Incomplete => nameof(SubscriptionStatus.Incomplete),
        SubscriptionStatus.IncompleteExpired => nameof(SubscriptionStatus.IncompleteExpired),
        SubscriptionStatus.Trialing => nameof(SubscriptionStatus.Trialing),
        SubscriptionStatus.Active => nameof(SubscriptionStatus.Active),
        SubscriptionStatus.PastDue => nameof(SubscriptionStatus.PastDue),
        SubscriptionStatus.Unpaid => nameof(SubscriptionStatus.Unpaid),
        SubscriptionStatus.Paused => nameof(SubscriptionStatus.Paused),
        SubscriptionStatus.Canceled => nameof(SubscriptionStatus.Canceled),
        _ => value.ToString(),
    };

    /// <inheritdoc />
    public static string Name(PriceInterval value) => value switch
    {
        PriceInterval.Month => nameof(PriceInterval.Month),
        PriceInterval.Year => nameof(PriceInterval.Year),
        _ => value.ToString(),
    };

    /// <inheritdoc />
    public static string Name(PaymentStatus value) => value switch
    {
        PaymentStatus.Paid => nameof(PaymentStatus.Paid),
        PaymentStatus.Unpaid => nameof(PaymentStatus.Unpaid),
        PaymentStatus.NoPaymentRequired => nameof(PaymentStatus.NoPaymentRequired),
        PaymentStatus.Failed => nameof(PaymentStatus.Failed),
        _ => value.ToString(),
    };

    /// <inheritdoc />
    public static UserStatus ParseUserStatus(string value) => value switch
    {
        nameof(UserStatus.Active) => UserStatus.Active,
        nameof(UserStatus.Suspended) => UserStatus.Suspended,
        _ => Enum.Parse<UserStatus>(value),
    };

    /// <inheritdoc />
    public static SubscriptionStatus ParseSubscriptionStatus(string value) => value switch
    {
        nameof(SubscriptionStatus.Incomplete) => SubscriptionStatus.Incomplete,
        nameof(SubscriptionStatus.IncompleteExpired) => SubscriptionStatus.IncompleteExpired,
        nameof(SubscriptionStatus.Trialing) => SubscriptionStatus.Trialing,
        nameof(SubscriptionStatus.Active) => SubscriptionStatus.Active,
        nameof(SubscriptionStatus.PastDue) => SubscriptionStatus.PastDue,
        nameof(SubscriptionStatus.Unpaid) => SubscriptionStatus.Unpaid,
        nameof(SubscriptionStatus.Paused) => SubscriptionStatus.Paused,
        nameof(SubscriptionStatus.Canceled) => SubscriptionStatus.Canceled,
        _ => Enum.Parse<SubscriptionStatus>(value),
    };

    /// <inheritdoc />
    public static PriceInterval ParsePriceInterval(string value) => value switch
    {
        nameof(PriceInterval.Month) => PriceInterval.Month,
        nameof(PriceInterval.Year) => PriceInterval.Year,
        _ => Enum.Parse<PriceInterval>(value),
    };

    /// <inheritdoc />
    public static PaymentStatus ParsePaymentStatus(string value) => value switch
    {
        nameof(PaymentStatus.Paid) => PaymentStatus.Paid,
        nameof(PaymentStatus.Unpaid) => PaymentStatus.Unpaid,
        nameof(PaymentStatus.NoPaymentRequired) => PaymentStatus.NoPaymentRequired,
        nameof(PaymentStatus.Failed) => PaymentStatus.Failed,
        _ => Enum.Parse<PaymentStatus>(value),
    };

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
