namespace SaasUsers.Data.Generator.Model;

/// <summary>A global secondary index the entity fills (<c>GSI{Number}PK</c> / <c>GSI{Number}SK</c>).</summary>
/// <param name="Number">The index number.</param>
/// <param name="Name">The name of the generated helper class (<c>Indexes.{Name}</c>).</param>
/// <param name="PartitionKey">The index partition key template.</param>
/// <param name="SortKey">The index sort key template.</param>
internal sealed record IndexModel(int Number, string Name, KeyTemplateModel PartitionKey, KeyTemplateModel SortKey);
