using SaasUsers.Data.Build.Policy;
using Xunit;

namespace SaasUsers.Data.Build.Tests.Policy;

/// <summary>The check of a whole run's requests against the policy, with the model the library's tests use.</summary>
public sealed class IamPolicyCheckTests
{
    private const string Policy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Sid": "RuntimeItems", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "arn:t" },
            { "Sid": "ProvisioningTable", "Effect": "Allow", "Action": "dynamodb:CreateTable", "Resource": ["arn:t"] }
          ]
        }
        """;

    [Fact]
    public void OperationsFile_RoundTrips_OneLinePerGroupActionApiAndOperation()
    {
        var text = DynamoDbOperationsFile.Describe([
            ("GetItem", "Get", []),
            ("GetItem", "Get", []),
            ("TransactWriteItems", "TransactWrite", ["Put", "ConditionCheck"]),
            ("CreateTable", "EnsureTable", ["Tags"])]);

        var operations = DynamoDbOperationsFile.Parse(text);

        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Contains(new DynamoDbOperation("runtime", "dynamodb:GetItem", "GetItem", "Get", 2), operations);
        Assert.Contains(new DynamoDbOperation("provisioning", "dynamodb:TagResource", "CreateTable", "EnsureTable", 1), operations);
        Assert.Equal(["dynamodb:ConditionCheckItem", "dynamodb:PutItem"], operations.Where(o => o.Api == "TransactWriteItems").Select(o => o.Action).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RequiredActions_OfATransaction_AreThoseOfTheActionsItCarries_AndTaggingOnlyWhenATableIsTagged()
    {
        // So that a policy allowing more than the package sends is seen: a transaction of puts and checks does not
        // justify DeleteItem, and an untagged CreateTable does not justify TagResource.
        Assert.Equal(["dynamodb:PutItem", "dynamodb:ConditionCheckItem"], IamPolicy.RequiredActions("TransactWriteItems", ["Put", "ConditionCheck"]));
        Assert.Equal(["dynamodb:UpdateItem", "dynamodb:DeleteItem"], IamPolicy.RequiredActions("TransactWriteItems", ["Update", "Delete"]));
        Assert.Equal(["dynamodb:CreateTable"], IamPolicy.RequiredActions("CreateTable", []));
        Assert.Equal(["dynamodb:CreateTable", "dynamodb:TagResource"], IamPolicy.RequiredActions("CreateTable", ["Tags"]));

        // A transaction whose actions are not known (an old operations file) needs all four.
        Assert.Equal(4, IamPolicy.RequiredActions("TransactWriteItems").Count);
    }

    [Fact]
    public void Parse_RefusesAMalformedLine_NamingIt()
    {
        var error = Assert.Throws<FormatException>(() => DynamoDbOperationsFile.Parse("# header\nruntime dynamodb:GetItem GetItem\n"));

        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PassesWhenEveryActionIsAllowedInItsGroup()
    {
        var result = IamPolicyCheck.Check(IamPolicy.Parse(Policy), [new("runtime", "dynamodb:GetItem", "GetItem", "Get", 3), new("provisioning", "dynamodb:CreateTable", "CreateTable", "EnsureTable", 1)]);

        Assert.True(result.Passed);
        Assert.Equal(2, result.Checked);
    }

    [Fact]
    public void Check_FailsForAnActionMissingFromThePolicy_OrAllowedOnlyInTheOtherGroup()
    {
        var result = IamPolicyCheck.Check(IamPolicy.Parse(Policy), [
            new("runtime", "dynamodb:DeleteItem", "DeleteItem", "Delete", 2),
            new("runtime", "dynamodb:CreateTable", "CreateTable", "Get", 1),
            new("admin", "dynamodb:GetItem", "GetItem", "Get", 1)]);

        Assert.False(result.Passed);
        Assert.Equal(
            [
                "the package sent DeleteItem (2 requests, from Delete), which needs dynamodb:DeleteItem, but the policy does not allow it in a Runtime statement",
                "the package sent CreateTable (1 requests, from Get), which needs dynamodb:CreateTable, but the policy does not allow it in a Runtime statement",
                "the operations file names group 'admin', which is neither Runtime nor Provisioning",
            ],
            result.Problems);
    }

    [Fact]
    public void TheRepositorysPolicy_IsReadByTheSameModel_WithBothGroups()
    {
        var policy = IamPolicy.Parse(File.ReadAllText(IamPolicy.PolicyPath));

        Assert.Contains("dynamodb:GetItem", policy.ActionsOf(IamPolicy.Runtime));
        Assert.Contains("dynamodb:CreateTable", policy.ActionsOf(IamPolicy.Provisioning));
        Assert.DoesNotContain("dynamodb:CreateTable", policy.ActionsOf(IamPolicy.Runtime));
    }
}
