using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SaasUsers.Data.Mapping;
using SaasUsers.Data.Telemetry;

namespace SaasUsers.Data;

/// <summary>
/// Receives the items of a DynamoDB answer on the direct read path, one at a time, straight from the response body:
/// finds the item's <c>_type</c> first (a look-ahead on a copy of the reader: DynamoDB sends attributes in any
/// order), then decodes it with the entity's generated <see cref="EntityMapper{T}.FromJson"/>, from the item's start
/// or, when only keys came before <c>_type</c>, from just after it.
/// </summary>
internal abstract class JsonItemCollector
{
    /// <summary>Takes one item; the reader is on its start and is left on its end.</summary>
    public abstract void Add(ref Utf8JsonReader reader);

    /// <summary>
    /// Moves <paramref name="probe"/> (a copy, on the item's start) onto the string value of the item's
    /// <c>_type</c>; <see langword="false"/> when the item has none or it is not a string (as
    /// <see cref="ItemConditions.StoredEntityType"/>). <paramref name="onlyReservedBefore"/> tells whether every
    /// attribute before it is a reserved one (keys, write token), which generated mappers skip anyway.
    /// </summary>
    protected static bool FindEntityType(ref Utf8JsonReader probe, out bool onlyReservedBefore)
    {
        onlyReservedBefore = true;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (!probe.ValueTextEquals(ItemAttributeNames.EntityTypeUtf8))
            {
                onlyReservedBefore = onlyReservedBefore && !probe.ValueIsEscaped && ItemAttributeNames.IsReserved(probe.ValueSpan);
                probe.Skip();
                continue;
            }

            // {"S":"User"}
            return probe.Read() && probe.TokenType == JsonTokenType.StartObject
                && probe.Read() && probe.TokenType == JsonTokenType.PropertyName && probe.ValueTextEquals("S"u8)
                && probe.Read() && probe.TokenType == JsonTokenType.String;
        }

        return false;
    }

    /// <summary>
    /// Decodes with the generated reader; an item it refuses is decoded once more through the SDK's types and
    /// <see cref="EntityMapper.FromItemAsObject"/>, so the caller sees exactly the present path's result or exception.
    /// </summary>
    /// <param name="reader">The reader, on the item's start; left on its end.</param>
    /// <param name="typeProbe">The look-ahead of <see cref="FindEntityType"/>, on the <c>_type</c> string.</param>
    /// <param name="onlyReservedBefore">What <see cref="FindEntityType"/> said of the attributes before <c>_type</c>.</param>
    /// <param name="mapper">The entity's mapper.</param>
    protected static object Decode(ref Utf8JsonReader reader, Utf8JsonReader typeProbe, bool onlyReservedBefore, EntityMapper mapper)
    {
        var start = reader;
        try
        {
            // Only reserved attributes came before _type: a mapper that skips them goes on from the end of _type's
            // value (when it ends there, as DynamoDB always sends it) instead of reading them a second time.
            if (onlyReservedBefore && mapper.CanStartJsonAfterReservedAttributes
                && typeProbe.Read() && typeProbe.TokenType == JsonTokenType.EndObject)
            {
                reader = typeProbe;
            }

            return mapper.FromJsonAsObject(ref reader);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            reader = start;
            return mapper.FromItemAsObject(ItemJsonReader.ReadAttributeMap(ref reader));
        }
    }
}

/// <summary>Collects the items of one entity type, skipping items of other types (as a typed query or get does).</summary>
internal sealed class EntityItemCollector<T> : JsonItemCollector
    where T : class, IDynamoEntity<T>
{
    private readonly EntityMapper<T> _mapper = T.Mapper;
    private readonly byte[] _entityType;

    public EntityItemCollector(int capacity)
    {
        _entityType = Encoding.UTF8.GetBytes(_mapper.EntityType);
        Items = new List<T>(capacity);
    }

    public List<T> Items { get; }

    public override void Add(ref Utf8JsonReader reader)
    {
        var probe = reader;
        if (FindEntityType(ref probe, out var onlyReservedBefore) && probe.ValueTextEquals(_entityType))
        {
            Items.Add((T)Decode(ref reader, probe, onlyReservedBefore, _mapper));
        }
        else
        {
            reader.Skip();
        }
    }
}

/// <summary>Collects items of any type: each as its model entity, or as an <see cref="UnknownItem"/> (as a mixed query does).</summary>
internal sealed class AnyItemCollector : JsonItemCollector
{
    private readonly TableModelTypes _types;
    private readonly ILogger _logger;
    private readonly string _tableName;

    public AnyItemCollector(TableModelTypes types, ILogger logger, string tableName, int capacity)
    {
        _types = types;
        _logger = logger;
        _tableName = tableName;
        Items = new List<object>(capacity);
    }

    public List<object> Items { get; }

    public override void Add(ref Utf8JsonReader reader)
    {
        var probe = reader;
        string? entityType = null;
        if (FindEntityType(ref probe, out var onlyReservedBefore))
        {
            if (_types.Find(ref probe) is { } mapper)
            {
                Items.Add(Decode(ref reader, probe, onlyReservedBefore, mapper));
                return;
            }

            entityType = probe.GetString();
        }

        Log.UnknownEntityType(_logger, entityType ?? "(none)", _tableName);
        Items.Add(new UnknownItem(entityType, ItemJsonReader.ReadAttributeMap(ref reader)));
    }
}

/// <summary>
/// What one chunk of a batch get reads on the direct path, through <typeparamref name="TCollector"/>. An item the
/// entity refuses does not end the chunk: the SDK path decodes a batch only after every chunk has settled, so there a
/// failed request or keys left unprocessed win over a faulty item, and the faulty item that throws is the first in
/// chunk order. So the first failure is kept and thrown when the chunks are merged in order
/// (<see cref="ThrowIfFailed"/>): the same exception as the SDK path's. Items after it are skipped, as the SDK path
/// never gets to them. A malformed answer still fails the request at once: skipping the item then throws.
/// </summary>
internal sealed class BatchChunkItems<TCollector>(TCollector collector) : JsonItemCollector
    where TCollector : JsonItemCollector
{
    private ExceptionDispatchInfo? _failure;

    /// <summary>The items read, in answer order.</summary>
    public TCollector Collector { get; } = collector;

    public override void Add(ref Utf8JsonReader reader)
    {
        var start = reader;
        if (_failure is null)
        {
            try
            {
                Collector.Add(ref reader);
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _failure = ExceptionDispatchInfo.Capture(exception);
            }
        }

        // Wherever the refused item's decoding stopped, the next item starts after this one's end.
        reader = start;
        reader.Skip();
    }

    /// <summary>Throws the first item's failure, if an item was refused.</summary>
    public void ThrowIfFailed() => _failure?.Throw();
}

/// <summary>The model's entity type names in UTF-8, to match an item's <c>_type</c> without making a string of it.</summary>
internal sealed class TableModelTypes
{
    private readonly (byte[] Name, EntityMapper Mapper)[] _entities;

    public TableModelTypes(TableModel model) =>
        _entities = model.Entities.Select(m => (Encoding.UTF8.GetBytes(m.EntityType), m)).ToArray();

    /// <summary>The mapper whose entity type is the string the reader is on, or <see langword="null"/>.</summary>
    public EntityMapper? Find(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            foreach (var (name, mapper) in _entities)
            {
                if (reader.ValueTextEquals(name))
                {
                    return mapper;
                }
            }

            return null;
        }

        // The common case: the name as it stands in the body, compared with each (lengths first).
        var value = reader.ValueSpan;
        foreach (var (name, mapper) in _entities)
        {
            if (value.SequenceEqual(name))
            {
                return mapper;
            }
        }

        return null;
    }
}
