using Amazon.DynamoDBv2.Model;

namespace SaasUsers.Data;

/// <summary>
/// One DynamoDB stream record as it came (from the Streams API or a Lambda event), before it is decoded into a
/// typed change.
/// </summary>
/// <param name="EventId">The record's id (unique per record).</param>
/// <param name="EventName"><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>; DynamoDB Local names a time-to-live deletion <c>UNKNOWN_TO_SDK_VERSION</c>.</param>
/// <param name="SequenceNumber">The record's sequence number, increasing within its shard.</param>
/// <param name="ApproximateCreationTime">When the change was made, as DynamoDB reports it (to the second on AWS, the minute on DynamoDB Local).</param>
/// <param name="Keys">The item's primary key attributes.</param>
/// <param name="NewImage">The item after the change, or <see langword="null"/> for a removal.</param>
/// <param name="OldImage">The item before the change, or <see langword="null"/> for an insertion.</param>
/// <param name="UserIdentity">Who made the change when it was not an application (AWS's time to live), or <see langword="null"/>.</param>
public sealed record StreamChangeRecord(
    string EventId,
    string EventName,
    string SequenceNumber,
    DateTimeOffset ApproximateCreationTime,
    IReadOnlyDictionary<string, AttributeValue> Keys,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    IReadOnlyDictionary<string, AttributeValue>? OldImage,
    StreamUserIdentity? UserIdentity);

/// <summary>The identity on a stream record: AWS marks time-to-live deletions with type <c>Service</c>, principal <c>dynamodb.amazonaws.com</c>.</summary>
/// <param name="Type">The identity's type (<c>Service</c>).</param>
/// <param name="PrincipalId">The principal (<c>dynamodb.amazonaws.com</c>).</param>
public sealed record StreamUserIdentity(string Type, string PrincipalId);
