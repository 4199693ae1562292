namespace SaasUsers.Data.Generator.Model;

/// <summary>A global secondary index the entity fills (<c>GSI{Number}PK</c> / <c>GSI{Number}SK</c>).</summary>
internal sealed record IndexModel(int Number, KeyTemplateModel PartitionKey, KeyTemplateModel SortKey);
