namespace SaasUsers.Data;

/// <summary>
/// A user of the SaaS. Stored at <c>USER#{UserId}</c> / <c>USER</c>, at the head of the user's item collection
/// (subscriptions and payments share the partition), and indexed by e-mail (GSI1), by payment customer (GSI2)
/// and by sign-up month (GSI3, for the admin listing).
/// </summary>
[DynamoEntity("USER#{UserId}", "USER", EntityType = "User")]
[DynamoIndex(1, "EMAIL#{NormalizedEmail}", "USER", Name = "ByEmail")]
[DynamoIndex(2, "CUSTOMER#{PaymentProvider}#{ProviderCustomerId}", "USER", Name = "ByCustomer")]
[DynamoIndex(3, "SIGNUP#{SignUpMonth}", "{CreatedAt}#{UserId}", Name = "BySignUpMonth")]
public sealed partial record User
{
    /// <summary>The user's id.</summary>
    public required string UserId { get; init; }

    /// <summary>The e-mail address as the user typed it.</summary>
    public required string Email { get; init; }

    /// <summary>The e-mail address normalized for lookups and uniqueness (trimmed, Unicode NFC, lower case).</summary>
    public required string NormalizedEmail { get; init; }

    /// <summary>The name shown in the application.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Whether the user may sign in.</summary>
    public UserStatus Status { get; init; }

    /// <summary>The payment provider that knows the user as a customer (for example <c>stripe</c>), if any.</summary>
    public string? PaymentProvider { get; init; }

    /// <summary>The provider's customer id (for example <c>cus_123</c>), if any.</summary>
    public string? ProviderCustomerId { get; init; }

    /// <summary>Free-form profile attributes.</summary>
    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);

    /// <summary>When the user signed up.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The sign-up month (<c>yyyy-MM</c>, UTC): the partition of the admin listing by sign-up date.</summary>
    public required string SignUpMonth { get; init; }

    /// <summary>When the user was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// When a delete of the user began, if one did. <see cref="IUserRepository.DeleteAsync"/> sets it first, under a
    /// condition, so that from then on every write for the user is refused and reads do not return the user; the
    /// user item itself is deleted last. A user with it set is being deleted (or an earlier delete was cut short:
    /// deleting again finishes it).
    /// </summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The version for optimistic concurrency; each write increments it.</summary>
    [DynamoVersion]
    public long Version { get; init; }

    /// <summary>Whether two users hold the same values: every property, and <see cref="Metadata"/> by its entries, not by reference.</summary>
    /// <param name="other">The other user.</param>
    public bool Equals(User? other) =>
        other is not null
        && UserId == other.UserId
        && Email == other.Email
        && NormalizedEmail == other.NormalizedEmail
        && DisplayName == other.DisplayName
        && Status == other.Status
        && PaymentProvider == other.PaymentProvider
        && ProviderCustomerId == other.ProviderCustomerId
        && SameEntries(Metadata, other.Metadata)
        && CreatedAt.Equals(other.CreatedAt)
        && SignUpMonth == other.SignUpMonth
        && UpdatedAt.Equals(other.UpdatedAt)
        && Nullable.Equals(DeletedAt, other.DeletedAt)
        && Version == other.Version;

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(UserId, NormalizedEmail, Status, UpdatedAt, Version, Metadata?.Count ?? 0);

    private static bool SameEntries(Dictionary<string, string>? left, Dictionary<string, string>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
