namespace SaasUsers.Data;

/// <summary>
/// The base of the exceptions this package throws for outcomes the caller may want to handle (a condition
/// that failed, an item that could not be decoded). Bad arguments throw <see cref="ArgumentException"/> and its
/// subclasses instead, before any request is sent.
/// </summary>
public abstract class SaasUsersDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected SaasUsersDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    protected SaasUsersDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
