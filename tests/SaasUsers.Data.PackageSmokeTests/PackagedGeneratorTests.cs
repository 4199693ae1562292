using SaasUsers.Data;
using Xunit;

namespace PackageConsumer;

public sealed class PackagedGeneratorTests
{
    [Fact]
    public void ConsumerEntity_IsMappedByTheGeneratorFromThePackage()
    {
        var note = new Note { UserId = "u-1", NoteId = "n-1", Text = "hello", CreatedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero) };

        var item = Note.Mapper.ToItem(note);

        Assert.Equal("USER#u-1", item[ItemAttributeNames.PartitionKey].S);
        Assert.Equal("NOTE#n-1", item[ItemAttributeNames.SortKey].S);
        Assert.Equal("Note", item[ItemAttributeNames.EntityType].S);
        Assert.Equal(new PrimaryKey("USER#u-1", "NOTE#n-1"), Note.CreateKey("u-1", "n-1"));
        Assert.Equal(note, Note.Mapper.FromItem(item));
    }
}
