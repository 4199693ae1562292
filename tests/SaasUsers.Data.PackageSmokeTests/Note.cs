using SaasUsers.Data;

namespace PackageConsumer;

/// <summary>
/// An application's own entity, kept in the user's item collection next to the package's entities. It compiles
/// only if the source generator from the SaasUsers.Data package (analyzers/dotnet/cs) runs in this project.
/// </summary>
[DynamoEntity("USER#{UserId}", "NOTE#{NoteId}", EntityType = "Note")]
public sealed partial record Note
{
    public required string UserId { get; init; }

    public required string NoteId { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    [DynamoVersion]
    public long Version { get; init; }
}
