namespace SaasUsers.Data;

/// <summary>Another organization already has the slug. Nothing was written.</summary>
public sealed class DuplicateSlugException : SaasUsersDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="slug">The slug.</param>
    /// <param name="innerException">The cancelled transaction.</param>
    public DuplicateSlugException(string slug, Exception? innerException = null)
        : base($"Another organization already has the slug '{slug}'.", innerException)
    {
        Slug = slug;
    }

    /// <summary>The slug.</summary>
    public string Slug { get; }
}
