namespace SaasUsers.Data.Generator.Model;

/// <summary>An entity's stored type name and where it is declared, for the cross-type check for duplicates (SUD005).</summary>
internal sealed record EntityNameInfo(string EntityType, string TypeDisplayName, LocationInfo? Location);
