using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

/// <summary>The harness's own behaviour that needs no DynamoDB Local.</summary>
public sealed partial class DynamoDbLocalTests
{
    [Fact]
    public async Task GetServiceUrl_WhenDockerDoesNotAnswer_SaysWhatToDo()
    {
        // Given: a Docker endpoint where nothing listens
        var builder = new DynamoDbLocalBuilder().WithDockerEndpoint("unix:///nonexistent/saasusers-test/docker.sock");
        await using var endpoint = DynamoDbLocal.ForContainer(builder);

        // When
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => endpoint.GetServiceUrlAsync(TestContext.Current.CancellationToken));

        // Then it speaks to an application's test author: what is wrong in plain words, Docker's error only in
        // parentheses, and it ends in what to do (not in this repository's scripts, nor in a socket or container name)
        TestContext.Current.TestOutputHelper?.WriteLine(error.Message);
        Assert.StartsWith($"DynamoDB Local ({DynamoDbLocalBuilder.DefaultImage}) could not be started for the tests: no Docker engine answers on this machine (Docker: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("eng/", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            $"Start Docker (or point DOCKER_HOST at an engine); or run DynamoDB Local yourself and set {DynamoDbLocal.ServiceUrlVariable} to its URL (for example http://127.0.0.1:8000), and the tests start no container.",
            error.Message,
            StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task ForServiceUrl_UsesThatUrlAndStartsNothing()
    {
        await using var endpoint = DynamoDbLocal.ForServiceUrl(new Uri("http://127.0.0.1:8000"));

        var url = await endpoint.GetServiceUrlAsync(TestContext.Current.CancellationToken);

        Assert.False(endpoint.StartsContainer);
        Assert.Equal(new Uri("http://127.0.0.1:8000"), url);
    }

    [Fact]
    public void CreateClient_PointsAtTheServiceUrl()
    {
        using var client = DynamoDbLocal.CreateClient(new Uri("http://127.0.0.1:8000"));

        Assert.Equal("http://127.0.0.1:8000/", client.Config.ServiceURL);
        Assert.Equal(DynamoDbLocal.Region, client.Config.AuthenticationRegion);
    }

    [Theory]
    [InlineData("TestTableTests", "t-TestTableTests-")]
    [InlineData("Generic`1<With Spaces>", "t-Generic-1-With-Spaces-")]
    [InlineData("", "t-")]
    [InlineData(null, "t-")]
    public void NewTableName_KeepsOnlyTableNameCharacters(string? hint, string expectedPrefix)
    {
        var name = TestTableNames.New(hint);

        Assert.StartsWith(expectedPrefix, name, StringComparison.Ordinal);
        Assert.Matches(@"^[a-zA-Z0-9_.-]{3,255}$", name);
        Assert.Matches(@"-[0-9a-f]{8}$", name);
    }

    [Fact]
    public void NewTableName_StaysShortForLongHintsAndDiffersEveryTime()
    {
        var hint = new string('x', 1000);

        var first = TestTableNames.New(hint);
        var second = TestTableNames.New(hint);

        Assert.InRange(first.Length, 3, 255);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void DefaultImage_IsTheImageTheBuildProgramBuilds()
    {
        // The build program (eng/SaasUsers.Data.Build) builds or pulls this image; the fixtures start it.
        Assert.Equal(DynamoDbLocalBuilder.DefaultImage, SaasUsers.Data.Build.DynamoDbLocal.DynamoDbLocalDistribution.DefaultImage);
    }
}
