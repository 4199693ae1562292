namespace SaasUsers.Data;

/// <summary>Why a paging cursor was refused.</summary>
public enum InvalidCursorReason
{
    /// <summary>The text is not a cursor this package issued (not base64url, or the wrong length or format).</summary>
    Malformed,

    /// <summary>The signature does not match: the cursor was changed, or signed with another key.</summary>
    Tampered,

    /// <summary>The cursor is older than the configured cursor lifetime.</summary>
    Expired,

    /// <summary>The cursor belongs to another query (another partition, index, sort key condition or order).</summary>
    ForeignQuery,
}

/// <summary>A paging cursor was refused before any request was sent. Start the listing again from the first page.</summary>
public sealed class InvalidCursorException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the cursor was refused.</param>
    /// <param name="paramName">The argument that held the cursor.</param>
    public InvalidCursorException(InvalidCursorReason reason, string paramName)
        : base(Describe(reason), paramName)
    {
        Reason = reason;
    }

    /// <summary>Why the cursor was refused.</summary>
    public InvalidCursorReason Reason { get; }

    private static string Describe(InvalidCursorReason reason) => reason switch
    {
        InvalidCursorReason.Malformed => "The paging cursor is not a cursor issued by this table.",
        InvalidCursorReason.Tampered => "The paging cursor's signature does not match: it was changed or signed with another key.",
        InvalidCursorReason.Expired => "The paging cursor has expired; start the listing again from the first page.",
        InvalidCursorReason.ForeignQuery => "The paging cursor belongs to another query (partition, index, range or order) and cannot page this one.",
        _ => "The paging cursor is not valid.",
    };
}
