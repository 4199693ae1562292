using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// The single table seen as entities: reads, writes, queries, batches and transactions for any entity type of
/// the <see cref="TableModel"/>. Thread-safe; register it as a singleton. The package's own SaaS repositories are
/// written on this interface alone, so an application's repositories can do everything they do.
/// </summary>
public interface IEntityTable
{
    /// <summary>The table name.</summary>
    string TableName { get; }

    /// <summary>The entity types stored in the table.</summary>
    TableModel Model { get; }

    /// <summary>Reads one entity (one <c>GetItem</c>).</summary>
    /// <param name="key">The entity's key, from its generated <c>CreateKey</c>.</param>
    /// <param name="consistentRead">Whether to read with strong consistency.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity, or <see langword="null"/> when there is no item of type <typeparamref name="T"/> at the key.</returns>
    Task<T?> GetAsync<T>(PrimaryKey key, bool consistentRead = false, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>Creates an entity (one conditional <c>PutItem</c>); a versioned entity is stored with version 1.</summary>
    /// <returns>The entity as stored.</returns>
    /// <exception cref="ItemAlreadyExistsException">An item with the key exists.</exception>
    Task<T> CreateAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>
    /// Puts an entity (one <c>PutItem</c>). A versioned entity is written only when the stored version equals the
    /// entity's version (version 0 means "not stored yet"), and is stored with the next version; an entity without
    /// a version is created or replaced.
    /// </summary>
    /// <returns>The entity as stored.</returns>
    /// <exception cref="VersionConflictException">Another writer changed the entity first.</exception>
    /// <exception cref="ItemNotFoundException">The versioned entity no longer exists.</exception>
    /// <exception cref="ItemAlreadyExistsException">A version-0 entity already exists.</exception>
    Task<T> PutAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>Updates attributes of an existing entity (one <c>UpdateItem</c>).</summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="update">Sets, removes or increments attributes; may expect a version or add a condition.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity as stored after the update.</returns>
    /// <exception cref="ItemNotFoundException">No entity of type <typeparamref name="T"/> exists at the key.</exception>
    /// <exception cref="VersionConflictException">The stored version is not the expected one.</exception>
    /// <exception cref="ConditionFailedException">The update's condition did not hold.</exception>
    Task<T> UpdateAsync<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>
    /// Creates or updates an entity (one conditional <c>UpdateItem</c>): when no item is at the key the update
    /// creates it (with the entity type, and version 1 for a versioned entity); when the entity is stored, the
    /// update applies only if its expected version and condition hold, for example "only when the stored event
    /// is older" (<c>When(ItemCondition.LessThan(...))</c>). Use <see cref="UpdateBuilder{T}.SetIfNotExists"/> for
    /// values the first write keeps (a creation time). The update must set every attribute a created entity needs,
    /// including the key's own attributes (to the values in <paramref name="key"/>).
    /// </summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="update">The attributes to write, and the condition a stored entity must meet.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity as stored after the upsert.</returns>
    /// <exception cref="ConditionFailedException">A stored entity did not meet the condition (<see cref="VersionConflictException"/> for the version,
    /// <see cref="ItemAlreadyExistsException"/> when another entity type holds the key); <see cref="ConditionFailedException.StoredItem"/> holds it.</exception>
    Task<T> UpsertAsync<T>(PrimaryKey key, Action<UpdateBuilder<T>> update, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>Deletes an existing entity (one conditional <c>DeleteItem</c>).</summary>
    /// <param name="key">The entity's key.</param>
    /// <param name="expectedVersion">The version the stored entity must have, if any.</param>
    /// <param name="condition">A further condition, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity as it was before the delete.</returns>
    /// <exception cref="ItemNotFoundException">No entity of type <typeparamref name="T"/> exists at the key.</exception>
    /// <exception cref="VersionConflictException">The stored version is not the expected one.</exception>
    Task<T> DeleteAsync<T>(PrimaryKey key, long? expectedVersion = null, ItemCondition<T>? condition = null, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>Reads one page of an item collection (one <c>Query</c>), each item decoded to its stored entity type.</summary>
    /// <exception cref="InvalidCursorException">The query's cursor was tampered with, is foreign to this query, or expired.</exception>
    Task<QueryPage<object>> QueryAsync(ItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of entities of type <typeparamref name="T"/> (one <c>Query</c>). On the table, a query
    /// without a sort key condition is narrowed to the entity's sort key prefix.
    /// </summary>
    /// <exception cref="InvalidCursorException">The query's cursor was tampered with, is foreign to this query, or expired.</exception>
    Task<QueryPage<T>> QueryAsync<T>(ItemQuery query, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>
    /// Reads one page of an item collection (one <c>Query</c>), each item decoded to its stored entity type, for a
    /// caller that never pages on: no cursor is made, and <see cref="QueryPage{T}.HasMore"/> says whether more items follow.
    /// </summary>
    /// <exception cref="InvalidCursorException">The query's cursor was tampered with, is foreign to this query, or expired.</exception>
    Task<QueryPage<object>> QuerySinglePageAsync(ItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads every page of an item collection, one <c>Query</c> a page, as the caller iterates.</summary>
    IAsyncEnumerable<object> QueryAllAsync(ItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads many entities by key (one <c>BatchGetItem</c> per 100 keys, <see cref="SaasUsersTableOptions.MaxBatchConcurrency"/>
    /// at a time, plus retries of unprocessed keys). Keys without an item are left out; the order of the result is not
    /// the order of the keys.
    /// </summary>
    /// <exception cref="BatchIncompleteException">Keys were still unprocessed after the configured attempts.</exception>
    Task<IReadOnlyList<object>> BatchGetAsync(IEnumerable<PrimaryKey> keys, bool consistentRead = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads many entities of type <typeparamref name="T"/> by key (one <c>BatchGetItem</c> per 100 keys,
    /// <see cref="SaasUsersTableOptions.MaxBatchConcurrency"/> at a time, plus retries of unprocessed keys). Keys without an item of type <typeparamref name="T"/> are left out; the order of the result is not the order of the keys.
    /// </summary>
    /// <exception cref="BatchIncompleteException">Keys were still unprocessed after the configured attempts.</exception>
    Task<IReadOnlyList<T>> BatchGetAsync<T>(IEnumerable<PrimaryKey> keys, bool consistentRead = false, CancellationToken cancellationToken = default)
        where T : class, IDynamoEntity<T>;

    /// <summary>
    /// Sends puts and deletes (one <c>BatchWriteItem</c> per 25, <see cref="SaasUsersTableOptions.MaxBatchConcurrency"/>
    /// at a time, each retrying its own unprocessed items).
    /// </summary>
    /// <exception cref="BatchIncompleteException">
    /// Items were still unprocessed after the configured attempts, or a request failed after part of the batch was
    /// written; the exception lists every write not acknowledged (those left, those of the failed request, and those of
    /// chunks not sent after the failure).
    /// </exception>
    Task BatchWriteAsync(BatchWriteBuilder batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies all actions of a transaction, or none (one <c>TransactWriteItems</c>; retried when DynamoDB cancels
    /// it for a conflict with another transaction or throttling).
    /// </summary>
    /// <returns>What the transaction wrote: the stored entities of its creates and puts and the versions it left.</returns>
    /// <exception cref="TransactionFailedException">The transaction was cancelled; the exception says which action failed and why
    /// (<see cref="TransactionActionFailure.ToException"/> turns a failed action into its typed exception).</exception>
    Task<TransactionResult> TransactWriteAsync(TransactionBuilder transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a signed cursor that carries an application's own paging state (for example which month a listing
    /// has reached, and the cursor of the query inside it). Like query cursors it is signed with the table's key,
    /// expires after <see cref="SaasUsersTableOptions.CursorLifetime"/> and is bound to <paramref name="scope"/>.
    /// </summary>
    /// <param name="scope">What the cursor belongs to: include everything a cursor must not be moved across (the listing, its user, its range).</param>
    /// <param name="state">The state to carry: names and values (at most 255 entries).</param>
    /// <returns>An opaque, URL-safe cursor.</returns>
    string ProtectCursor(string scope, IReadOnlyDictionary<string, string> state);

    /// <summary>Reads the state from a cursor made by <see cref="ProtectCursor"/> for the same <paramref name="scope"/>, before any request.</summary>
    /// <param name="cursor">The cursor.</param>
    /// <param name="scope">The scope it must have been made for.</param>
    /// <param name="paramName">The caller's argument name, reported by a refusal.</param>
    /// <exception cref="InvalidCursorException">The cursor was tampered with, made for another scope, or expired.</exception>
    IReadOnlyDictionary<string, string> UnprotectCursor(string cursor, string scope, string paramName = "cursor");

    /// <summary>
    /// Reads one item as stored, whatever its entity type (one <c>GetItem</c>): every attribute, for tools such as
    /// backfill and export. Application code reads entities with <see cref="GetAsync{T}"/>.
    /// </summary>
    /// <param name="key">The item's key.</param>
    /// <param name="consistentRead">Whether to read with strong consistency.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The item's attributes, or <see langword="null"/> when there is no item at the key.</returns>
    Task<Dictionary<string, AttributeValue>?> GetItemAsync(PrimaryKey key, bool consistentRead = false, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of an item collection as stored (one <c>Query</c>), for export; application code uses <see cref="QueryAsync(ItemQuery, CancellationToken)"/>.</summary>
    /// <exception cref="InvalidCursorException">The query's cursor was tampered with, is foreign to this query, or expired.</exception>
    Task<QueryPage<Dictionary<string, AttributeValue>>> QueryItemsAsync(ItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of a scan (one <c>Scan</c>), of the table or of one segment of a parallel scan, optionally only
    /// items of some entity types. A scan reads every item of the table: it is for admin tools (backfill, export),
    /// never for an application path.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The segment, segment count or page size is out of range.</exception>
    Task<ItemScanPage> ScanItemsAsync(ItemScan scan, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an item only if it is still exactly as read (one conditional <c>UpdateItem</c>): every attribute of
    /// <paramref name="expected"/> must still have its value, and every attribute the replacement adds must still be
    /// absent. Only the attributes that differ are sent; attributes neither item has are left alone. A concurrent
    /// writer's newer data is never overwritten: the call returns <see langword="false"/> and the caller reads the
    /// item again.
    /// </summary>
    /// <param name="expected">The item as it was read.</param>
    /// <param name="replacement">The item as it should be; same key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the item now is the replacement; <see langword="false"/> when it had changed or was gone.</returns>
    /// <exception cref="ArgumentException">An item has no string key, the keys differ, the replacement is over 400 KB, or the items have too many attributes for one condition.</exception>
    Task<bool> ReplaceItemAsync(IReadOnlyDictionary<string, AttributeValue> expected, IReadOnlyDictionary<string, AttributeValue> replacement, CancellationToken cancellationToken = default);
}
