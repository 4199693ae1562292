using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SaasUsers.Data.Generator.Model;

/// <summary>
/// Where a diagnostic points, kept as plain data: a <see cref="Location"/> holds a syntax tree, which would tie
/// the model to one compilation and defeat the incremental cache.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    /// <summary>
    /// The location in the compilation's syntax tree of <see cref="FilePath"/>, so that <c>#pragma warning disable</c>
    /// and <c>.editorconfig</c> severities apply to the diagnostic; a file location only when the tree is gone.
    /// </summary>
    public Location ToLocation(Compilation? compilation)
    {
        foreach (var tree in compilation?.SyntaxTrees ?? [])
        {
            if (tree.FilePath == FilePath)
            {
                return Location.Create(tree, TextSpan);
            }
        }

        return Location.Create(FilePath, TextSpan, LineSpan);
    }

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
