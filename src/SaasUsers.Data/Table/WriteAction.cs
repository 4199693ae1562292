using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>What a prepared write does.</summary>
internal enum WriteKind
{
    Create,
    Put,
    Update,
    Upsert,
    Delete,
    Check,
}

/// <summary>
/// One write, validated and rendered before any request is sent: the item or update expression, its condition,
/// and how to explain a failed condition. Single writes and transactions are built from the same actions, so a
/// create means the same thing everywhere.
/// </summary>
internal sealed class WriteAction
{
    private WriteAction(WriteKind kind, EntityMapper mapper, PrimaryKey key, string? label, ExpressionAttributes attributes)
    {
        Kind = kind;
        Attributes = attributes;
        EntityType = mapper.EntityType;
        VersionAttributeName = mapper.VersionAttributeName;
        Key = key;
        Label = label;
    }

    public WriteKind Kind { get; }

    public string EntityType { get; }

    public string? VersionAttributeName { get; }

    public PrimaryKey Key { get; }

    public string? Label { get; }

    public Dictionary<string, AttributeValue>? Item { get; init; }

    public string? UpdateExpression { get; init; }

    public string? ConditionExpression { get; init; }

    public ExpressionAttributes Attributes { get; }

    public long? ExpectedVersion { get; init; }

    /// <summary>
    /// The random token a single put or update writes to <see cref="ItemAttributeNames.WriteToken"/>; null for
    /// deletes, checks and unconditional puts. Found on the item a failed condition returns, it means the write was
    /// applied earlier. It is added only to single requests: a transaction has its <c>ClientRequestToken</c>, and must
    /// render the same each time it is built so that a retry with that token is the same request.
    /// </summary>
    public string? WriteToken { get; init; }

    /// <summary>The entity as it is stored after a create or put (with its new version).</summary>
    public object? WrittenEntity { get; init; }

    /// <summary>
    /// The version the write stores when it is known before sending: 1 for a create, the next version for a put
    /// and for an update that expects a version; <see langword="null"/> otherwise.
    /// </summary>
    public long? WrittenVersion { get; init; }

    public static WriteAction Create<T>(T entity, string? label = null)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(entity);
        var mapper = T.Mapper;
        var written = mapper.IsVersioned ? mapper.WithVersion(entity, 1) : entity;
        var item = mapper.ToItem(written);
        var token = WriteTokens.New();
        WriteTokens.EnsureWithinLimit(item, token, mapper.EntityType, nameof(entity));
        var attributes = new ExpressionAttributes();
        return new WriteAction(WriteKind.Create, mapper, PrimaryKey.FromItem(item, nameof(entity)), label, attributes)
        {
            Item = item,
            WriteToken = token,
            WrittenEntity = written,
            WrittenVersion = mapper.IsVersioned ? 1 : null,
            ExpectedVersion = mapper.IsVersioned ? 0 : null,
            ConditionExpression = ItemConditions.NotExists(attributes),
        };
    }

    public static WriteAction Put<T>(T entity, string? label = null)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(entity);
        var mapper = T.Mapper;
        if (!mapper.IsVersioned)
        {
            var plainItem = mapper.ToItem(entity);
            ItemSize.EnsureWithinLimit(plainItem, mapper.EntityType, nameof(entity));

            // An unconditional put cannot fail its condition: it needs no token.
            return new WriteAction(WriteKind.Put, mapper, PrimaryKey.FromItem(plainItem, nameof(entity)), label, new ExpressionAttributes()) { Item = plainItem, WrittenEntity = entity };
        }

        var version = mapper.GetVersion(entity);
        if (version < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(entity), version, $"The version of {mapper.EntityType} must not be negative.");
        }

        if (version == 0)
        {
            // Version 0 is an entity that was never stored: putting it creates it.
            return Create(entity, label);
        }

        var written = mapper.WithVersion(entity, version + 1);
        var item = mapper.ToItem(written);
        var token = WriteTokens.New();
        WriteTokens.EnsureWithinLimit(item, token, mapper.EntityType, nameof(entity));
        var attributes = new ExpressionAttributes();
        return new WriteAction(WriteKind.Put, mapper, PrimaryKey.FromItem(item, nameof(entity)), label, attributes)
        {
            Item = item,
            WriteToken = token,
            WrittenEntity = written,
            WrittenVersion = version + 1,
            ExpectedVersion = version,
            ConditionExpression = ItemConditions.ExistingEntity<T>(mapper, version, null, attributes),
        };
    }

    public static WriteAction Update<T>(PrimaryKey key, UpdateBuilder<T> update, string? label = null)
        where T : class, IDynamoEntity<T> => FromBuilder(WriteKind.Update, key, update, label);

    /// <summary>An update that creates the item when there is none (the builder's condition applies to a stored item only).</summary>
    public static WriteAction Upsert<T>(PrimaryKey key, UpdateBuilder<T> update, string? label = null)
        where T : class, IDynamoEntity<T> => FromBuilder(WriteKind.Upsert, key, update, label);

    private static WriteAction FromBuilder<T>(WriteKind kind, PrimaryKey key, UpdateBuilder<T> update, string? label)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(update);
        key.EnsureComplete(nameof(key));
        var attributes = new ExpressionAttributes();
        var rendered = update.Render(key, attributes, upsert: kind == WriteKind.Upsert);
        var token = WriteTokens.New();
        return new WriteAction(kind, T.Mapper, key, label, attributes)
        {
            ExpectedVersion = update.ExpectedVersion,
            WrittenVersion = update.ExpectedVersion + 1,
            WriteToken = token,
            UpdateExpression = rendered.UpdateExpression,
            ConditionExpression = rendered.ConditionExpression,
        };
    }

    public static WriteAction Delete<T>(PrimaryKey key, long? expectedVersion, ItemCondition<T>? condition, string? label = null)
        where T : class, IDynamoEntity<T>
    {
        key.EnsureComplete(nameof(key));
        var mapper = T.Mapper;
        if (expectedVersion is not null && !mapper.IsVersioned)
        {
            throw new ArgumentException($"{mapper.EntityType} has no [DynamoVersion] property, so a delete cannot expect a version.", nameof(expectedVersion));
        }

        var attributes = new ExpressionAttributes();
        return new WriteAction(WriteKind.Delete, mapper, key, label, attributes)
        {
            ExpectedVersion = expectedVersion,
            ConditionExpression = ItemConditions.ExistingEntity(mapper, expectedVersion, condition, attributes),
        };
    }

    public static WriteAction Check<T>(PrimaryKey key, ItemCondition<T>? condition, string? label = null)
        where T : class, IDynamoEntity<T>
    {
        key.EnsureComplete(nameof(key));
        var mapper = T.Mapper;
        var attributes = new ExpressionAttributes();
        return new WriteAction(WriteKind.Check, mapper, key, label, attributes)
        {
            ConditionExpression = ItemConditions.ExistingEntity(mapper, null, condition, attributes),
        };
    }

    /// <summary>The write as a single <c>PutItem</c> (create or put).</summary>
    public PutItemRequest ToPutRequest(string tableName)
    {
        var parts = Render(single: true);
        return new()
        {
            TableName = tableName,
            Item = parts.Item,
            ConditionExpression = parts.Condition,
            ExpressionAttributeNames = parts.Names,
            ExpressionAttributeValues = parts.Values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
    }

    /// <summary>The write as a single <c>UpdateItem</c> that returns the item as stored after it.</summary>
    public UpdateItemRequest ToUpdateRequest(string tableName)
    {
        var parts = Render(single: true);
        return new()
        {
            TableName = tableName,
            Key = parts.Key,
            UpdateExpression = parts.Update,
            ConditionExpression = parts.Condition,
            ExpressionAttributeNames = parts.Names,
            ExpressionAttributeValues = parts.Values,
            ReturnValues = ReturnValue.ALL_NEW,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
    }

    /// <summary>The write as a single <c>DeleteItem</c> that returns the item as it was.</summary>
    public DeleteItemRequest ToDeleteRequest(string tableName)
    {
        var parts = Render(single: true);
        return new()
        {
            TableName = tableName,
            Key = parts.Key,
            ConditionExpression = parts.Condition,
            ExpressionAttributeNames = parts.Names,
            ExpressionAttributeValues = parts.Values,
            ReturnValues = ReturnValue.ALL_OLD,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
    }

    /// <summary>The write as one action of <c>TransactWriteItems</c> (put, update, delete or condition check).</summary>
    public TransactWriteItem ToTransactItem(string tableName)
    {
        var parts = Render(single: false);
        var onFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD;
        return Kind switch
        {
            WriteKind.Create or WriteKind.Put => new()
            {
                Put = new()
                {
                    TableName = tableName,
                    Item = parts.Item,
                    ConditionExpression = parts.Condition,
                    ExpressionAttributeNames = parts.Names,
                    ExpressionAttributeValues = parts.Values,
                    ReturnValuesOnConditionCheckFailure = onFailure,
                },
            },
            WriteKind.Update or WriteKind.Upsert => new()
            {
                Update = new()
                {
                    TableName = tableName,
                    Key = parts.Key,
                    UpdateExpression = parts.Update,
                    ConditionExpression = parts.Condition,
                    ExpressionAttributeNames = parts.Names,
                    ExpressionAttributeValues = parts.Values,
                    ReturnValuesOnConditionCheckFailure = onFailure,
                },
            },
            WriteKind.Delete => new()
            {
                Delete = new()
                {
                    TableName = tableName,
                    Key = parts.Key,
                    ConditionExpression = parts.Condition,
                    ExpressionAttributeNames = parts.Names,
                    ExpressionAttributeValues = parts.Values,
                    ReturnValuesOnConditionCheckFailure = onFailure,
                },
            },
            _ => new()
            {
                ConditionCheck = new()
                {
                    TableName = tableName,
                    Key = parts.Key,
                    ConditionExpression = parts.Condition,
                    ExpressionAttributeNames = parts.Names,
                    ExpressionAttributeValues = parts.Values,
                    ReturnValuesOnConditionCheckFailure = onFailure,
                },
            },
        };
    }

    /// <summary>
    /// The common part of every request shape above, rendered in one place: the key (or the whole item of a put),
    /// the update expression, the condition and their placeholders. A single request's parts carry the write token
    /// (on the item, or as one more <c>SET</c> of the update); a transaction's never do (see <see cref="WriteToken"/>),
    /// and a transaction's update removes one an earlier single write left.
    /// The SDK's seven request types share no base type, so each shape above only copies these parts into its own.
    /// </summary>
    private RequestParts Render(bool single)
    {
        var key = Item is null ? Key.ToAttributes("key") : null;
        var names = Attributes.NamesOrNull;
        var values = Attributes.ValuesOrNull;
        if (!single && UpdateExpression is not null)
        {
            // A transaction's update writes no token but clears one an earlier single write left (see RemovedBy).
            var (cleared, clearedNames) = WriteTokens.RemovedBy(UpdateExpression, names);
            return new RequestParts(key, Item, cleared, ConditionExpression, clearedNames, values);
        }

        if (!single || WriteToken is null)
        {
            return new RequestParts(key, Item, UpdateExpression, ConditionExpression, names, values);
        }

        if (Item is not null)
        {
            return new RequestParts(key, WriteTokens.WithToken(Item, WriteToken), null, ConditionExpression, names, values);
        }

        var (update, tokenNames, tokenValues) = WriteTokens.WithToken(UpdateExpression!, names, values, WriteToken);
        return new RequestParts(key, null, update, ConditionExpression, tokenNames, tokenValues);
    }

    /// <summary>
    /// Whether <paramref name="stored"/> (the item a failed condition returned) carries this write's token: the write
    /// was applied by an earlier attempt whose answer was lost, and the failed condition is the retry's.
    /// </summary>
    public bool IsOwnWrite(Dictionary<string, AttributeValue>? stored) =>
        WriteToken is not null && stored is not null
        && stored.TryGetValue(ItemAttributeNames.WriteToken, out var token) && token.S == WriteToken;

    /// <summary>Explains a failed condition from the item as it was stored (empty or null when there was none).</summary>
    public TransactionFailureReason Classify(Dictionary<string, AttributeValue>? stored)
    {
        var exists = stored is { Count: > 0 };
        if (Kind == WriteKind.Create || (Kind == WriteKind.Put && ExpectedVersion is null or 0))
        {
            return exists ? TransactionFailureReason.ItemAlreadyExists : TransactionFailureReason.ConditionFailed;
        }

        if (!exists)
        {
            // An upsert's condition cannot fail on an absent item; anything else needs the item.
            return Kind == WriteKind.Upsert ? TransactionFailureReason.ConditionFailed : TransactionFailureReason.ItemNotFound;
        }

        if (ItemConditions.StoredEntityType(stored!) != EntityType)
        {
            // Another entity type holds the key: to an upsert the key is taken, to the others our item is absent.
            return Kind == WriteKind.Upsert ? TransactionFailureReason.ItemAlreadyExists : TransactionFailureReason.ItemNotFound;
        }

        if (ExpectedVersion is { } expected && StoredVersion(stored!) != expected)
        {
            return TransactionFailureReason.VersionConflict;
        }

        return TransactionFailureReason.ConditionFailed;
    }

    /// <summary>The exception for a failed condition of this write sent on its own.</summary>
    public ConditionFailedException ToException(Dictionary<string, AttributeValue>? stored, Exception? inner) =>
        ConditionExceptions.Create(Classify(stored), EntityType, Key, ExpectedVersion, StoredVersionOrNull(stored), Kind.ToString().ToLowerInvariant(), stored, inner)
        ?? throw new InvalidOperationException("A failed condition always has a reason.");

    /// <summary>The description of this write's failure inside a cancelled transaction.</summary>
    public TransactionActionFailure ToFailure(int index, TransactionFailureReason reason, string code, Dictionary<string, AttributeValue>? stored) =>
        new(index, Label, EntityType, Key, reason, code, stored is { Count: > 0 } ? stored : null)
        {
            ExpectedVersion = ExpectedVersion,
            StoredVersion = StoredVersionOrNull(stored),
            Operation = Kind.ToString().ToLowerInvariant(),
        };

    private long? StoredVersionOrNull(Dictionary<string, AttributeValue>? stored) => stored is { Count: > 0 } ? StoredVersion(stored) : null;

    private long? StoredVersion(Dictionary<string, AttributeValue> stored) => ItemConditions.StoredVersion(stored, VersionAttributeName);
}

/// <summary>The parts of one write's request, whatever its shape (see <c>WriteAction.Render</c>).</summary>
internal readonly record struct RequestParts(
    Dictionary<string, AttributeValue>? Key,
    Dictionary<string, AttributeValue>? Item,
    string? Update,
    string? Condition,
    Dictionary<string, string>? Names,
    Dictionary<string, AttributeValue>? Values);
