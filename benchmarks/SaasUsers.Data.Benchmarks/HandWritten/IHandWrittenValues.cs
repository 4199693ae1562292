namespace SaasUsers.Data.Benchmarks.HandWritten;

/// <summary>
/// How the hand-written mapping turns timestamps and enums into stored text and back: the part where the plain and
/// the tuned hand-written contenders differ (<see cref="HandWrittenMapping{TValues}"/>).
/// </summary>
public interface IHandWrittenValues
{
    /// <summary>ISO-8601 UTC with seven fractional digits (<c>"O"</c> of a UTC <see cref="DateTime"/>): fixed width, so it sorts.</summary>
    static abstract string Timestamp(DateTimeOffset value);

    /// <summary>Reads a timestamp written by <see cref="Timestamp"/>.</summary>
    static abstract DateTimeOffset ParseTimestamp(string value);

    /// <summary>The stored name of a user status.</summary>
    static abstract string Name(UserStatus value);

    /// <summary>The stored name of a subscription status.</summary>
    static abstract string Name(SubscriptionStatus value);

    /// <summary>The stored name of a price interval.</summary>
    static abstract string Name(PriceInterval value);

    /// <summary>The stored name of a payment status.</summary>
    static abstract string Name(PaymentStatus value);

    /// <summary>Reads a user status by its name.</summary>
    static abstract UserStatus ParseUserStatus(string value);

    /// <summary>Reads a subscription status by its name.</summary>
    static abstract SubscriptionStatus ParseSubscriptionStatus(string value);

    /// <summary>Reads a price interval by its name.</summary>
    static abstract PriceInterval ParsePriceInterval(string value);

    /// <summary>Reads a payment status by its name.</summary>
    static abstract PaymentStatus ParsePaymentStatus(string value);
}
