namespace SaasUsers.Data.Generator;

/// <summary>Names of the pipeline steps, so tests can check that an unchanged compilation hits the cache.</summary>
internal static class TrackingNames
{
    public const string ParsedEntities = nameof(ParsedEntities);
    public const string ParsedDocuments = nameof(ParsedDocuments);
    public const string Models = nameof(Models);
    public const string Diagnostics = nameof(Diagnostics);
    public const string EntityNames = nameof(EntityNames);
}
