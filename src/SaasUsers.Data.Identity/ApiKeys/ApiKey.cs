namespace SaasUsers.Data.Identity;

/// <summary>An API key as stored, without its secret.</summary>
/// <param name="UserId">The user the key acts for.</param>
/// <param name="KeyId">The key's id (public; part of the presented key).</param>
/// <param name="Name">The key's name.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="LastUsedAt">When the key was last verified, to the minute, if ever.</param>
public sealed record ApiKey(string UserId, string KeyId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
