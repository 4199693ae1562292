namespace SaasUsers.Data.Tests.Table.Entities;

/// <summary>An unversioned entity in the same partitions as <see cref="Project"/>, ordered by time.</summary>
[DynamoEntity("ORG#{OrgId}", "NOTE#{CreatedAt}#{NoteId}", EntityType = "TableTests.Note")]
public sealed partial record Note
{
    public required string OrgId { get; init; }

    public required string NoteId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string Text { get; init; } = string.Empty;
}
