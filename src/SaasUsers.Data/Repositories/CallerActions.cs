namespace SaasUsers.Data;

/// <summary>
/// A caller's own actions written in the same transaction as a repository's change (the <c>alongside</c> parameter
/// of the webhook methods): added first, so they are the transaction's first actions, and a failure of any of them
/// is the caller's to read (the <see cref="TransactionFailedException"/> is thrown as is).
/// </summary>
internal static class CallerActions
{
    /// <summary>Adds the caller's actions to <paramref name="transaction"/>; returns how many there are.</summary>
    public static int AddTo(TransactionBuilder transaction, Action<TransactionBuilder>? alongside)
    {
        if (alongside is null)
        {
            return 0;
        }

        alongside(transaction);
        return transaction.Count;
    }

    /// <summary>Whether one of the caller's first <paramref name="count"/> actions failed.</summary>
    public static bool Failed(TransactionFailedException exception, int count) =>
        exception.Failures.Any(failure => failure.Index < count);
}
