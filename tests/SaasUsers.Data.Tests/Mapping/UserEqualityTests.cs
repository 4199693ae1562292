using System.Reflection;
using Xunit;

namespace SaasUsers.Data.Tests.Mapping;

/// <summary><see cref="User"/> compares by value, its <see cref="User.Metadata"/> by entries, and every property takes part.</summary>
public sealed class UserEqualityTests
{
    private static User NewUser() => new()
    {
        UserId = "u1",
        Email = "Ada@Example.com",
        NormalizedEmail = "ada@example.com",
        DisplayName = "Ada",
        Status = UserStatus.Active,
        PaymentProvider = "stripe",
        ProviderCustomerId = "cus_1",
        Metadata = new(StringComparer.Ordinal) { ["plan"] = "pro", ["team"] = "a" },
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        SignUpMonth = "2026-01",
        UpdatedAt = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero),
        DeletedAt = new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero),
        Version = 3,
    };

    [Fact]
    public void Equals_UsersWithEqualMetadataInOtherDictionaries_AreEqualWithOneHashCode()
    {
        var left = NewUser();
        var right = NewUser() with { Metadata = new(StringComparer.Ordinal) { ["team"] = "a", ["plan"] = "pro" } };

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, right with { Metadata = new(StringComparer.Ordinal) { ["team"] = "b", ["plan"] = "pro" } });
        Assert.NotEqual(left, right with { Metadata = new(StringComparer.Ordinal) { ["team"] = "a" } });
    }

    [Fact]
    public void Equals_AnyPropertyChanged_IsNotEqual()
    {
        // Every property of User takes part: one added later without updating Equals fails here.
        foreach (var property in typeof(User).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var original = NewUser();
            var changed = original with { };
            property.SetValue(changed, Other(property.GetValue(original)));

            Assert.False(original.Equals(changed), $"Changing {property.Name} left the users equal.");
        }
    }

    private static object? Other(object? value) => value switch
    {
        string text => text + "-other",
        long number => number + 1,
        UserStatus status => status == UserStatus.Active ? UserStatus.Suspended : UserStatus.Active,
        DateTimeOffset time => time.AddSeconds(1),
        Dictionary<string, string> map => new Dictionary<string, string>(map, StringComparer.Ordinal) { ["other"] = "x" },
        _ => throw new InvalidOperationException($"No other value for a {value?.GetType().Name ?? "null"}; extend the test."),
    };
}
