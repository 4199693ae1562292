using SaasUsers.Data.Build.DynamoDbLocal;
using Xunit;

namespace SaasUsers.Data.Build.Tests.DynamoDbLocal;

public sealed class DynamoDbLocalDistributionTests
{
    [Fact]
    public void ReadVersion_TakesTheNewestReleaseLine()
    {
        const string notes = "DynamoDB Local release notes\n\n  2025-06-13 (3.3.1)\n    * a fix\n  2025-01-09 (3.3.0)\n";

        Assert.Equal("3.3.1", DynamoDbLocalDistribution.ReadVersion(notes));
        Assert.Null(DynamoDbLocalDistribution.ReadVersion("no release lines"));
    }

    [Fact]
    public void DefaultImage_CarriesTheDistributionsVersion_UnderAmazonsName()
    {
        Assert.Equal("amazon/dynamodb-local:" + DynamoDbLocalDistribution.Version, DynamoDbLocalDistribution.DefaultImage);
    }
}
