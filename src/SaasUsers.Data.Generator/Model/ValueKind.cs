namespace SaasUsers.Data.Generator.Model;

/// <summary>How a .NET value is stored in DynamoDB.</summary>
internal enum ValueKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Decimal,
    Double,
    Guid,
    DateTimeOffset,

    /// <summary>A <c>[DynamoTimeToLive]</c> <see cref="System.DateTimeOffset"/>, stored as epoch seconds.</summary>
    EpochSeconds,
    Enum,
    Document,
    Entity,
    List,
    StringSet,
    Map,
}
