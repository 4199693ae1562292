using SaasUsers.Data;

namespace SaasUsers.Data.Tests.Table.Entities;

/// <summary>Notes of one fresh organization, and the batch that puts them: what the batch tests write.</summary>
internal static class Notes
{
    /// <summary><paramref name="count"/> notes of a new organization, ids <c>n0000</c>, <c>n0001</c>, ..., a second apart.</summary>
    public static List<Note> New(int count)
    {
        var org = "org-" + Guid.NewGuid().ToString("N")[..8];
        return Enumerable.Range(0, count)
            .Select(i => new Note { OrgId = org, NoteId = $"n{i:D4}", CreatedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i), Text = "note " + i })
            .ToList();
    }

    public static BatchWriteBuilder Puts(IEnumerable<Note> notes)
    {
        var batch = new BatchWriteBuilder();
        foreach (var note in notes)
        {
            batch.Put(note);
        }

        return batch;
    }
}
