using SaasUsers.Data.Build.Processes;

namespace SaasUsers.Data.Build.Docker;

/// <summary>The few questions the build asks the <c>docker</c> command.</summary>
public static class DockerCli
{
    /// <summary>Whether an engine answers <c>docker info</c> (the command missing counts as no).</summary>
    public static async Task<bool> EngineAnswersAsync(BuildContext context, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await context.RunAsync(new Command("docker", "info") { Timeout = timeout }, cancellationToken)).Succeeded;

    /// <summary>"20.10.24+dfsg1 (API 1.41)", for a progress line.</summary>
    public static async Task<string> DescribeEngineAsync(BuildContext context, CancellationToken cancellationToken) =>
        (await context.RunAsync(new Command("docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})"), cancellationToken)).Text;

    /// <summary>The engine's API version (e.g. 1.41), or null when it does not say.</summary>
    public static async Task<string?> ApiVersionAsync(BuildContext context, CancellationToken cancellationToken) =>
        (await context.RunAsync(new Command("docker", "version", "--format", "{{.Server.APIVersion}}"), cancellationToken)) is { Succeeded: true, Text.Length: > 0 } result
            ? result.Text
            : null;

    public static async Task<bool> ImageExistsAsync(BuildContext context, string image, CancellationToken cancellationToken) =>
        (await context.RunAsync(new Command("docker", "image", "inspect", image), cancellationToken)).Succeeded;

    /// <summary>The value of one label of an image ("" when it has none).</summary>
    public static async Task<string> ImageLabelAsync(BuildContext context, string image, string label, CancellationToken cancellationToken) =>
        (await context.RunAsync(new Command("docker", "image", "inspect", "--format", $"{{{{ index .Config.Labels \"{label}\" }}}}", image), cancellationToken)).Text;
}
