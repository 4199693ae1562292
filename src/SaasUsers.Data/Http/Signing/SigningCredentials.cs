namespace SaasUsers.Data.Http.Signing;

/// <summary>The access key, secret key and (for temporary credentials) session token one request is signed with.</summary>
/// <param name="AccessKey">The access key id.</param>
/// <param name="SecretKey">The secret access key.</param>
/// <param name="SessionToken">The session token of temporary credentials, or <see langword="null"/>.</param>
internal sealed record SigningCredentials(string AccessKey, string SecretKey, string? SessionToken)
{
    /// <summary>Hides the secret key and token.</summary>
    public override string ToString() => $"AccessKey={AccessKey}, SecretKey=(hidden), SessionToken={(SessionToken is null ? "(none)" : "(hidden)")}";
}
