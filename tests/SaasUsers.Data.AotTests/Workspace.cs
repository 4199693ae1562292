namespace SaasUsers.Data.AotTests;

/// <summary>An application's own entity, in the user's item collection.</summary>
[DynamoEntity("USER#{OwnerUserId}", "WORKSPACE#{WorkspaceId}")]
public sealed partial record Workspace
{
    public required string OwnerUserId { get; init; }

    public required string WorkspaceId { get; init; }

    public HashSet<string> Members { get; init; } = [];

    public int Seats { get; init; }
}
