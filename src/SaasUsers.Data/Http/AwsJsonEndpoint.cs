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
        return FromSdk(new Lazy<AWSCredentials>(credentials));
    }

    /// <summary>As <see cref="FromSdk(AWSCredentials)"/>, the credentials resolved on the first request (as the SDK resolves its default chain).</summary>
    public static Func<CancellationToken, ValueTask<SigningCredentials>> FromSdk(Lazy<AWSCredentials> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Converted? last = null;
        return async cancellationToken =>
        {
            var immutable = await credentials.Value.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            // Static credentials come back as the same object each time: convert them once (one reference, so a
            // concurrent refresh never pairs one source with another's conversion).
            var cached = Volatile.Read(ref last);
            if (cached is not null && ReferenceEquals(cached.Source, immutable))
            {
                return cached.Signing;
            }

            cached = new Converted(immutable, new SigningCredentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null));
            Volatile.Write(ref last, cached);
            return cached.Signing;
        };
    }

    /// <summary>
    /// The region the SDK signs a request of <paramref name="config"/> for: the authentication region, else the
    /// client's region, else <c>us-east-1</c> (a service URL without either, such as DynamoDB Local's).
    /// </summary>
    public static string SigningRegion(IClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.AuthenticationRegion ?? config.RegionEndpoint?.SystemName ?? "us-east-1";
    }

    private sealed record Converted(ImmutableCredentials Source, SigningCredentials Signing);
}
