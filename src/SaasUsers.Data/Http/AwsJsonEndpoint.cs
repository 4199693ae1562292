using Amazon.Runtime;
using SaasUsers.Data.Http.Signing;

namespace SaasUsers.Data.Http;

/// <summary>Where and as whom <see cref="AwsJsonClient"/> sends: URL, signing region and service, target prefix, credentials, attempts.</summary>
internal sealed class AwsJsonEndpoint
{
    public AwsJsonEndpoint(Uri url, string region, string signingService, string targetPrefix, Func<CancellationToken, ValueTask<SigningCredentials>> credentials, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(signingService);
        ArgumentException.ThrowIfNullOrEmpty(targetPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        Url = url;
        Region = region;
        SigningService = signingService;
        TargetPrefix = targetPrefix;
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        MaxAttempts = maxAttempts;
    }

    public Uri Url { get; }

    public string Region { get; }

    public string SigningService { get; }

    public string TargetPrefix { get; }

    public Func<CancellationToken, ValueTask<SigningCredentials>> Credentials { get; }

    public int MaxAttempts { get; }

    /// <summary>
    /// Credentials from the SDK: refreshing ones (instance profile, SSO, assumed roles) are asked each time, the SDK
    /// caching and renewing them.
    /// </summary>
    public static Func<CancellationToken, ValueTask<SigningCredentials>> FromSdk(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return async cancellationToken =>
        {
            var immutable = await credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return new SigningCredentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null);
        };
    }
}
