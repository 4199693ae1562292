namespace SaasUsers.Data;

/// <summary>What a sign-up provides.</summary>
public sealed record NewUser
{
    /// <summary>The e-mail address; unique across all users, ignoring case.</summary>
    public required string Email { get; init; }

    /// <summary>The user's id; a new one (a GUID without hyphens) is made when not set.</summary>
    public string? UserId { get; init; }

    /// <summary>The name shown in the application.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Free-form profile attributes.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
