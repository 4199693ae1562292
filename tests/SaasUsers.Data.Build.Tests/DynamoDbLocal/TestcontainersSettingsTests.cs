using SaasUsers.Data.Build.DynamoDbLocal;
using SaasUsers.Data.Build.Tests.Fakes;
using Xunit;

namespace SaasUsers.Data.Build.Tests.DynamoDbLocal;

/// <summary>Only the Testcontainers settings the engine needs, and never one a user set.</summary>
public sealed class TestcontainersSettingsTests
{
    private static readonly Func<string, bool> NothingSet = _ => false;

    [Fact]
    public void DebiansDocker_NoReaperImage_LocalEngine_GetsAllThree()
    {
        var settings = TestcontainersSettings.Decide(NothingSet, "1.41", ryukImagePresent: false, dockerHostIsLocal: true);

        Assert.Equal(
            [new("DOCKER_API_VERSION", "1.41"), new("TESTCONTAINERS_RYUK_DISABLED", "true"), new("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")],
            settings);
    }

    [Theory]
    [InlineData("1.44")]
    [InlineData("1.45")]
    [InlineData("2.0")]
    [InlineData(null)]
    public void EngineAsNewAsTestcontainersAsks_OrSilent_GetsNoApiVersion(string? api)
    {
        var settings = TestcontainersSettings.Decide(NothingSet, api, ryukImagePresent: true, dockerHostIsLocal: false);

        Assert.Empty(settings);
    }

    [Fact]
    public void SettingsAlreadySet_AreLeftAsTheyAre()
    {
        var settings = TestcontainersSettings.Decide(_ => true, "1.41", ryukImagePresent: false, dockerHostIsLocal: true);

        Assert.Empty(settings);
    }

    [Fact]
    public async Task Apply_SetsThemForTheChildProcesses_AndSaysWhich()
    {
        var machine = new TestMachine();
        machine.Processes.EngineAnswers = true;
        machine.Processes.On("docker image inspect testcontainers/ryuk:0.14.0", 1);
        machine.Environment.Set("TESTCONTAINERS_HOST_OVERRIDE", "10.0.0.1");

        await TestcontainersSettings.ApplyAsync(machine.Context(), TestContext.Current.CancellationToken);

        Assert.Equal("1.41", machine.Environment.Get("DOCKER_API_VERSION"));
        Assert.Equal("true", machine.Environment.Get("TESTCONTAINERS_RYUK_DISABLED"));
        Assert.Equal("10.0.0.1", machine.Environment.Get("TESTCONTAINERS_HOST_OVERRIDE"));
        Assert.EndsWith("[env] DOCKER_API_VERSION=1.41 TESTCONTAINERS_RYUK_DISABLED=true", machine.Lines[^1], StringComparison.Ordinal);
    }
}
