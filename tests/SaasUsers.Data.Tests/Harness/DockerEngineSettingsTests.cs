using SaasUsers.Data.Testing;
using Xunit;

namespace SaasUsers.Data.Tests.Harness;

public sealed class DockerEngineSettingsTests
{
    private static readonly Func<string, string?> NothingSet = _ => null;

    [Fact]
    public void Decide_ForDebiansOldEngineOnThisMachineWithoutReaper_SetsAllThree()
    {
        var settings = DockerEngineSettings.Decide(new DockerEngineFacts(true, "1.41", ReaperImagePresent: false, InsideContainerMarker: true, EngineOnThisMachine: true), NothingSet);

        Assert.Equal("1.41", settings["DOCKER_API_VERSION"]);
        Assert.Equal("true", settings["TESTCONTAINERS_RYUK_DISABLED"]);
        Assert.Equal("127.0.0.1", settings["TESTCONTAINERS_HOST_OVERRIDE"]);
    }

    [Fact]
    public void Decide_ForACurrentEngineWithReaperOnAPlainMachine_SetsNothing()
    {
        var settings = DockerEngineSettings.Decide(new DockerEngineFacts(true, "1.47", ReaperImagePresent: true, InsideContainerMarker: false, EngineOnThisMachine: true), NothingSet);

        Assert.Empty(settings);
    }

    [Fact]
    public void Decide_InsideAContainerTalkingToAnotherMachinesEngine_LeavesTheHostToTestcontainers()
    {
        var settings = DockerEngineSettings.Decide(new DockerEngineFacts(true, "1.45", true, InsideContainerMarker: true, EngineOnThisMachine: false), NothingSet);

        Assert.False(settings.ContainsKey("TESTCONTAINERS_HOST_OVERRIDE"));
    }

    [Fact]
    public void Decide_NeverOverridesAVariableTheUserSet()
    {
        var set = new Dictionary<string, string?> { ["DOCKER_API_VERSION"] = "1.40", ["TESTCONTAINERS_RYUK_DISABLED"] = "false", ["TESTCONTAINERS_HOST_OVERRIDE"] = "10.0.0.5" };

        var settings = DockerEngineSettings.Decide(new DockerEngineFacts(true, "1.41", false, true, true), name => set.GetValueOrDefault(name));

        Assert.Empty(settings);
    }

    [Fact]
    public void Decide_WhenNoEngineAnswered_SetsNothing()
    {
        Assert.Empty(DockerEngineSettings.Decide(new DockerEngineFacts(false, null, false, true, true), NothingSet));
    }
}
