namespace SaasUsers.Data;

/// <summary>
/// Sends the chunks of one batch call (25 writes or 100 keys each) with bounded concurrency: at most
/// <c>concurrency</c> chunks in flight, taken in order, each retrying its own unprocessed items. Once one chunk
/// fails, no further chunk starts and the chunks in flight stop retrying, so the call ends soon and reports exactly
/// what each chunk left. Each chunk writes only its own outcome (and what it read, in the caller's slot of its index);
/// the caller reads them after all have settled.
/// </summary>
internal static class BatchChunks
{
    /// <summary>Splits <paramref name="items"/> into chunks of at most <paramref name="size"/>, in order.</summary>
    public static List<List<T>> Split<T>(List<T> items, int size)
    {
        var chunks = new List<List<T>>((items.Count + size - 1) / size);
        for (var offset = 0; offset < items.Count; offset += size)
        {
            chunks.Add(items.GetRange(offset, Math.Min(size, items.Count - offset)));
        }

        return chunks;
    }

    /// <summary>
    /// Sends every chunk through <paramref name="send"/> (given the chunk's index), at most
    /// <paramref name="concurrency"/> at once. Returns each chunk's outcome by index; null for a chunk never sent
    /// because another one failed first.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<BatchChunkOutcome<T>?[]> RunAsync<T>(
        List<List<T>> chunks, int concurrency, Func<int, List<T>, BatchRun, Task<BatchChunkOutcome<T>>> send, CancellationToken cancellationToken)
    {
        var outcomes = new BatchChunkOutcome<T>?[chunks.Count];
        var run = new BatchRun();
        var next = -1;

        async Task WorkAsync()
        {
            while (!run.IsStopping)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= chunks.Count)
                {
                    return;
                }

                cancellationToken.ThrowIfCancellationRequested();
                outcomes[index] = await send(index, chunks[index], run).ConfigureAwait(false);
            }
        }

        var workers = new Task[Math.Min(concurrency, chunks.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        // Every worker ends before the outcomes are read (a cancelled one too), so no request is left in flight.
        await Task.WhenAll(workers).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>The failed outcome that came first (its error or limit is the call's), or null when every chunk completed.</summary>
    public static BatchChunkOutcome<T>? FirstFailure<T>(BatchChunkOutcome<T>?[] outcomes)
    {
        BatchChunkOutcome<T>? first = null;
        foreach (var outcome in outcomes)
        {
            if (outcome is { Left: not null } && (first is null || outcome.FailureOrder < first.FailureOrder))
            {
                first = outcome;
            }
        }

        return first;
    }

    /// <summary>
    /// The keys of everything not done, in chunk order: what a failed chunk had left, and every key of a chunk that
    /// was never sent.
    /// </summary>
    public static PrimaryKey[] Unfinished<T>(List<List<T>> chunks, BatchChunkOutcome<T>?[] outcomes, Func<T, PrimaryKey> keyOf)
    {
        var keys = new List<PrimaryKey>();
        for (var i = 0; i < chunks.Count; i++)
        {
            if ((outcomes[i] is { } outcome ? outcome.Left : chunks[i]) is { } left)
            {
                foreach (var element in left)
                {
                    keys.Add(keyOf(element));
                }
            }
        }

        return [.. keys];
    }
}

/// <summary>What the chunks of one batch call share: whether the call is stopping, and the order of failures.</summary>
internal sealed class BatchRun
{
    private int _failures;
    private volatile bool _stopping;

    /// <summary>Whether a chunk has failed: no further chunk starts and none retries.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Records that a chunk ends with <paramref name="left"/> not done (after <paramref name="attempts"/>), because of <paramref name="error"/> or its attempt limit.</summary>
    public BatchChunkOutcome<T> Failed<T>(BatchChunkOutcome<T> outcome, List<T> left, int attempts, Exception? error)
    {
        outcome.Left = left;
        outcome.Attempts = attempts;
        outcome.Error = error;
        outcome.FailureOrder = Interlocked.Increment(ref _failures);
        _stopping = true;
        return outcome;
    }
}

/// <summary>The outcome of one chunk, written by the one task that sends it.</summary>
/// <typeparam name="T">A write request or a key.</typeparam>
internal sealed class BatchChunkOutcome<T>
{
    /// <summary>Writes DynamoDB acknowledged (batch writes).</summary>
    public int Acknowledged { get; set; }

    /// <summary>What the chunk did not get done when it failed; null when it completed.</summary>
    public List<T>? Left { get; set; }

    /// <summary>The attempts the chunk made when it failed.</summary>
    public int Attempts { get; set; }

    /// <summary>The request's error, or null when the chunk ran out of attempts or stopped with items unprocessed.</summary>
    public Exception? Error { get; set; }

    /// <summary>1 for the chunk that failed first, 2 for the next, ...</summary>
    public int FailureOrder { get; set; }
}
