using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SaasUsers.Data.Generator.Model;

/// <summary>
/// Where a diagnostic points, kept as plain data: a <see cref="Location"/> holds a syntax tree, which would tie
/// the model to one compilation and defeat the incremental cache.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());
}
