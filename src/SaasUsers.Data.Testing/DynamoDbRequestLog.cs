using System.Collections.Concurrent;

namespace SaasUsers.Data.Testing;

/// <summary>
/// Records every DynamoDB request a client sends (the API name, such as <c>GetItem</c> or <c>Query</c>), so a
/// test can assert how many requests an operation took. Thread-safe. Give it to a client through
/// <see cref="DynamoDbClientOptions.RequestLog"/>.
/// </summary>
public sealed class DynamoDbRequestLog
{
    private readonly ConcurrentQueue<string> _operations = new();

    /// <summary>The API names of the requests sent since the last <see cref="Clear"/>, in the order they were sent.</summary>
    public IReadOnlyList<string> Operations => _operations.ToArray();

    /// <summary>How many requests were sent since the last <see cref="Clear"/>.</summary>
    public int Count => _operations.Count;

    /// <summary>How many requests of one API (for example <c>Query</c>) were sent since the last <see cref="Clear"/>.</summary>
    public int CountOf(string operation) => _operations.Count(o => o == operation);

    /// <summary>Forgets the requests recorded so far.</summary>
    public void Clear() => _operations.Clear();

    internal void Record(string operation) => _operations.Enqueue(operation);
}
