using Amazon.DynamoDBv2.Model;
using Xunit;

namespace SaasUsers.Data.Tests.Architecture;

/// <summary>
/// An application imports <c>SaasUsers.Data</c> next to the AWS SDK's namespaces: no public type of ours may share
/// a name with one of theirs, or every use of it is ambiguous (CS0104).
/// </summary>
public sealed class PublicNameTests
{
    [Fact]
    public void PublicTypes_OfThePackages_DoNotClashWithTheAwsSdkNamespaces()
    {
        // Given the type names of the SDK namespaces an application imports beside ours
        var sdkNames = typeof(AttributeValue).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "Amazon.DynamoDBv2.Model" or "Amazon.DynamoDBv2" or "Amazon.DynamoDBv2.DocumentModel" or "Amazon.DynamoDBv2.DataModel")
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);

        // When our public types are listed
        var ours = new[] { typeof(IEntityTable).Assembly, typeof(SaasUsers.Data.Testing.DynamoDbLocalFixture).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Namespace?.StartsWith("SaasUsers.Data", StringComparison.Ordinal) == true && !t.IsNested);

        // Then none shares a name with the SDK's
        Assert.Empty(ours.Where(t => sdkNames.Contains(t.Name)).Select(t => t.FullName));
    }
}
