namespace SaasUsers.Data.Generator;

/// <summary>Metadata names of the runtime types the generator looks for or writes.</summary>
internal static class KnownNames
{
    public const string EntityAttribute = "SaasUsers.Data.DynamoEntityAttribute";
    public const string DocumentAttribute = "SaasUsers.Data.DynamoDocumentAttribute";
    public const string IndexAttribute = "SaasUsers.Data.DynamoIndexAttribute";
    public const string OwnedByAttribute = "SaasUsers.Data.DynamoOwnedByAttribute";
    public const string IgnoreAttribute = "SaasUsers.Data.DynamoIgnoreAttribute";
    public const string AttributeNameAttribute = "SaasUsers.Data.DynamoAttributeNameAttribute";
    public const string VersionAttribute = "SaasUsers.Data.DynamoVersionAttribute";
    public const string TimeToLiveAttribute = "SaasUsers.Data.DynamoTimeToLiveAttribute";
    public const string EntityInterface = "SaasUsers.Data.Mapping.IDynamoEntity`1";
    public const string DocumentInterface = "SaasUsers.Data.Mapping.IDynamoDocument`1";
    public const string SetsRequiredMembersAttribute = "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute";

    // Fully qualified names used in generated code.
    public const string AttributeValue = "global::Amazon.DynamoDBv2.Model.AttributeValue";
    public const string Converter = "global::SaasUsers.Data.Mapping.AttributeValueConverter";
    public const string KeyComponent = "global::SaasUsers.Data.Mapping.KeyComponent";
    public const string KeyTemplate = "global::SaasUsers.Data.Mapping.KeyTemplate";
    public const string IndexKeyTemplate = "global::SaasUsers.Data.Mapping.IndexKeyTemplate";
    public const string EntityOwnership = "global::SaasUsers.Data.Mapping.EntityOwnership";
    public const string EntityMapper = "global::SaasUsers.Data.Mapping.EntityMapper";
    public const string EntityField = "global::SaasUsers.Data.Mapping.EntityField";
    public const string DynamoEntityInterface = "global::SaasUsers.Data.Mapping.IDynamoEntity";
    public const string DynamoDocumentInterface = "global::SaasUsers.Data.Mapping.IDynamoDocument";
    public const string PrimaryKey = "global::SaasUsers.Data.PrimaryKey";
    public const string SortKeyCondition = "global::SaasUsers.Data.SortKeyCondition";
    public const string ItemQuery = "global::SaasUsers.Data.ItemQuery";
    public const string ItemAttributeNames = "global::SaasUsers.Data.ItemAttributeNames";
    public const string Item = "global::System.Collections.Generic.Dictionary<string, global::Amazon.DynamoDBv2.Model.AttributeValue>";
    public const string JsonReader = "global::System.Text.Json.Utf8JsonReader";
    public const string InvariantCulture = "global::System.Globalization.CultureInfo.InvariantCulture";
}
