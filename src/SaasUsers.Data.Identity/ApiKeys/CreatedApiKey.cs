namespace SaasUsers.Data.Identity;

/// <summary>A new API key and its secret, which is shown once and never stored.</summary>
public sealed class CreatedApiKey
{
    internal CreatedApiKey(ApiKey key, string secret)
    {
        Key = key;
        Secret = secret;
    }

    /// <summary>The key as stored.</summary>
    public ApiKey Key { get; }

    /// <summary>The whole key to give the user, once (<c>sud_...</c>). It cannot be read again.</summary>
    public string Secret { get; }

    /// <summary>The key without its secret, so that logging the object never leaks it.</summary>
    /// <returns>A description of the key.</returns>
    public override string ToString() => $"API key {Key.KeyId} '{Key.Name}' of user {Key.UserId} (secret redacted)";
}
