using System.Collections.Generic;
using System.Linq;
using SaasUsers.Data.Generator.Model;
using static SaasUsers.Data.Generator.KnownNames;

namespace SaasUsers.Data.Generator.Emitting;

/// <summary>
/// Writes the members of a <c>[DynamoEntity]</c> type: <c>Mapper</c>, <c>CreateKey</c>, <c>CreatePartitionKey</c>,
/// <c>Fields</c>, and the nested mapper that converts items.
/// </summary>
internal static class EntityEmitter
{
    private const string MapperClass = "__Mapper";

    public static void WriteMembers(SourceWriter writer, MappedTypeModel type, EntityModel entity)
    {
        var properties = type.Properties.ToDictionary(p => p.Name);
        var self = type.FullyQualifiedName;

        writer.Line($"/// <summary>The generated mapper of <see cref=\"{type.Name}\"/>: converts it to and from a DynamoDB item and builds its keys.</summary>");
        writer.Line($"public static {SourceFileEmitter.NewModifier(type, "Mapper")}{EntityMapper}<{self}> Mapper => {MapperClass}.Instance;");
        writer.Line();

        WriteKeyFactories(writer, type, entity, properties);
        writer.Line();
        if (!KeyExpressions.IsConstant(entity.SortKey))
        {
            writer.Line($"/// <summary>Sort key conditions over the primary sort key of <see cref=\"{type.Name}\"/> (<c>{Xml(entity.SortKey.AttributePattern)}</c>), for queries of its partition.</summary>");
            writer.Open($"public static {SourceFileEmitter.NewModifier(type, "SortKeys")}class SortKeys");
            SortKeyEmitter.WriteConditions(writer, type.Name, entity.SortKey, properties, entity.EntityType);
            writer.Close();
            writer.Line();
        }

        if (entity.Indexes.Count > 0)
        {
            WriteIndexes(writer, type, entity, properties);
            writer.Line();
        }

        WriteFields(writer, type);
        writer.Line();
        WriteMapper(writer, type, entity, properties);
    }

    private static void WriteKeyFactories(SourceWriter writer, MappedTypeModel type, EntityModel entity, Dictionary<string, PropertyModel> properties)
    {
        var keyNames = KeyParameters.Of(entity.PartitionKey, entity.SortKey);
        var parameterNames = ParameterNames(keyNames);
        string ParameterOf(PropertyModel property) => parameterNames[property.Name];

        string Parameters(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"{properties[n].Value.TypeName} {parameterNames[n]}"));
        string Arguments(IEnumerable<string> names) => string.Join(", ", names.Select(n => parameterNames[n]));
        void ParameterDocs(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                writer.Line($"/// <param name=\"{parameterNames[name].TrimStart('@')}\">The <c>{name}</c> key component.</param>");
            }
        }

        var partitionNames = KeyParameters.Of(entity.PartitionKey, null);
        writer.Line($"/// <summary>Builds the primary key of a <see cref=\"{type.Name}\"/> (partition key <c>{Xml(entity.PartitionKey.AttributePattern)}</c>, sort key <c>{Xml(entity.SortKey.AttributePattern)}</c>).</summary>");
        ParameterDocs(keyNames);
        writer.Line("/// <returns>The primary key.</returns>");
        WriteKeyException(writer, keyNames.Count);
        var sortKey = KeyExpressions.SortKey(entity.SortKey, properties, ParameterOf, entity.EntityType);
        writer.Line($"public static {SourceFileEmitter.NewModifier(type, "CreateKey")}{PrimaryKey} CreateKey({Parameters(keyNames)}) =>");
        writer.Indent().Line($"new(CreatePartitionKey({Arguments(partitionNames)}), {sortKey});").Unindent();
        writer.Line();

        writer.Line($"/// <summary>Builds the partition key of a <see cref=\"{type.Name}\"/> (<c>{Xml(entity.PartitionKey.AttributePattern)}</c>), for queries over its partition.</summary>");
        ParameterDocs(partitionNames);
        writer.Line("/// <returns>The partition key value.</returns>");
        WriteKeyException(writer, partitionNames.Count);
        writer.Line($"public static {SourceFileEmitter.NewModifier(type, "CreatePartitionKey")}string CreatePartitionKey({Parameters(partitionNames)}) =>");
        writer.Indent().Line($"{KeyExpressions.PartitionKey(entity.PartitionKey, properties, ParameterOf, entity.EntityType)};").Unindent();
    }

    private static void WriteIndexes(SourceWriter writer, MappedTypeModel type, EntityModel entity, Dictionary<string, PropertyModel> properties)
    {
        writer.Line($"/// <summary>The global secondary indexes <see cref=\"{type.Name}\"/> fills, with typed keys for querying them.</summary>");
        writer.Open($"public static {SourceFileEmitter.NewModifier(type, "Indexes")}class Indexes");
        var first = true;
        foreach (var index in entity.Indexes)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            var number = index.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var partitionNames = KeyParameters.Of(index.PartitionKey, null);
            var sortNames = KeyParameters.Of(index.SortKey, null);
            var parameterNames = ParameterNames(KeyParameters.Of(index.PartitionKey, index.SortKey));
            string ParameterOf(PropertyModel property) => parameterNames[property.Name];
            string Parameters(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"{SortKeyEmitter.KeyTypeName(properties[n])} {parameterNames[n]}"));
            string Arguments(IEnumerable<string> names) => string.Join(", ", names.Select(n => parameterNames[n]));
            void ParameterDocs(IEnumerable<string> names)
            {
                foreach (var name in names)
                {
                    writer.Line($"/// <param name=\"{parameterNames[name].TrimStart('@')}\">The <c>{name}</c> key component.</param>");
                }
            }

            writer.Line($"/// <summary>Index <c>GSI{number}</c> of <see cref=\"{type.Name}\"/>: partition key <c>{Xml(index.PartitionKey.AttributePattern)}</c>, sort key <c>{Xml(index.SortKey.AttributePattern)}</c>.</summary>");
            writer.Open($"public static class {index.Name}");
            writer.Line("/// <summary>The index number: the index is <c>GSI{n}</c>, its keys <c>GSI{n}PK</c> and <c>GSI{n}SK</c>.</summary>");
            writer.Line($"public const int Number = {number};");
            writer.Line();
            writer.Line("/// <summary>The index name.</summary>");
            writer.Line($"public const string Name = {Literals.String("GSI" + number)};");
            writer.Line();

            writer.Line($"/// <summary>A query of the index's item collection with the given partition key (one page at a time; set <c>SortKey</c>, <c>Descending</c> or <c>PageSize</c> with <c>with</c>).</summary>");
            ParameterDocs(partitionNames);
            writer.Line("/// <returns>The query, with <see cref=\"global::SaasUsers.Data.ItemQuery.Index\"/> set.</returns>");
            WriteKeyException(writer, partitionNames.Count);
            writer.Line($"public static {ItemQuery} Query({Parameters(partitionNames)}) =>");
            writer.Indent().Line($"new(PartitionKey({Arguments(partitionNames)})) {{ Index = Number }};").Unindent();
            writer.Line();

            writer.Line($"/// <summary>Builds the index partition key (<c>{Xml(index.PartitionKey.AttributePattern)}</c>).</summary>");
            ParameterDocs(partitionNames);
            writer.Line("/// <returns>The index partition key value.</returns>");
            WriteKeyException(writer, partitionNames.Count);
            writer.Line($"public static string PartitionKey({Parameters(partitionNames)}) =>");
            writer.Indent().Line($"{KeyExpressions.PartitionKey(index.PartitionKey, properties, ParameterOf, entity.EntityType)};").Unindent();
            writer.Line();

            writer.Line($"/// <summary>Builds the index sort key (<c>{Xml(index.SortKey.AttributePattern)}</c>).</summary>");
            ParameterDocs(sortNames);
            writer.Line("/// <returns>The index sort key value.</returns>");
            WriteKeyException(writer, sortNames.Count);
            writer.Line($"public static string SortKey({Parameters(sortNames)}) =>");
            writer.Indent().Line($"{KeyExpressions.SortKey(index.SortKey, properties, ParameterOf, entity.EntityType)};").Unindent();

            if (!KeyExpressions.IsConstant(index.SortKey))
            {
                writer.Line();
                writer.Line($"/// <summary>Sort key conditions over the index sort key (<c>{Xml(index.SortKey.AttributePattern)}</c>).</summary>");
                writer.Open("public static class SortKeys");
                SortKeyEmitter.WriteConditions(writer, type.Name, index.SortKey, properties, entity.EntityType);
                writer.Close();
            }

            writer.Close();
        }

        writer.Close();
    }

    private static void WriteOwners(SourceWriter writer, MappedTypeModel type, EntityModel entity)
    {
        writer.Line("/// <inheritdoc />");
        writer.Line($"public override global::System.Collections.Generic.IReadOnlyList<{EntityOwnership}> OwnedBy {{ get; }} = new {EntityOwnership}[]");
        writer.Open();
        foreach (var owner in entity.Owners)
        {
            // An owner whose key property is null owns no item.
            var tests = owner.Properties.Select((property, i) => $"owner.{property} is {{ }} __k{i}");
            var arguments = owner.Properties.Select((_, i) => $"__k{i}");
            writer.Line($"{EntityOwnership}.Create<{owner.OwnerTypeName}>(static owner => {string.Join(" && ", tests)}");
            writer.Indent().Line($"? {type.FullyQualifiedName}.CreateKey({string.Join(", ", arguments)})");
            writer.Line($": null),").Unindent();
        }

        writer.Close(";");
    }

    private static void WriteKeyException(SourceWriter writer, int parameterCount)
    {
        if (parameterCount > 0)
        {
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">A key component is null, empty, whitespace or holds a control character, or the key is too long.</exception>");
        }
    }

    private static void WriteFields(SourceWriter writer, MappedTypeModel type)
    {
        writer.Line($"/// <summary>The stored properties of <see cref=\"{type.Name}\"/>, named and converted as the mapper stores them, for partial updates and conditions.</summary>");
        writer.Open($"public static {SourceFileEmitter.NewModifier(type, "Fields")}class Fields");
        var first = true;
        foreach (var property in type.Properties)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            var attributeName = Literals.String(property.AttributeName);
            var convert = ValueCodec.WriteNullable(property.Value, "value", attributeName, "present");
            writer.Line($"/// <summary>Property <c>{property.Name}</c>, stored as attribute <c>{Xml(property.AttributeName)}</c>.</summary>");
            writer.Line($"public static {EntityField}<{type.FullyQualifiedName}, {property.Value.TypeName}> {property.Identifier} {{ get; }} =");
            writer.Indent().Line($"new({attributeName}, static value => {convert});").Unindent();
        }

        writer.Close();
    }

    private static void WriteMapper(SourceWriter writer, MappedTypeModel type, EntityModel entity, Dictionary<string, PropertyModel> properties)
    {
        var self = type.FullyQualifiedName;
        var version = entity.VersionProperty is { } versionName ? properties[versionName] : null;
        var timeToLive = entity.TimeToLiveProperty is { } timeToLiveName ? properties[timeToLiveName] : null;

        writer.Line($"/// <summary>Converts <see cref=\"{type.Name}\"/> to and from items; reached through <see cref=\"Mapper\"/>.</summary>");
        writer.Open($"private sealed class {MapperClass} : {EntityMapper}<{self}>");
        writer.Line($"public static readonly {MapperClass} Instance = new();");
        writer.Line();

        // Constructor: the description the table and repositories read.
        writer.Line($"private {MapperClass}()");
        writer.Indent().Line(": base(").Indent();
        writer.Line($"{Literals.String(entity.EntityType)},");
        writer.Line($"{KeyTemplate}.Parse({Literals.String(entity.PartitionKey.AttributePattern)}),");
        writer.Line($"{KeyTemplate}.Parse({Literals.String(entity.SortKey.AttributePattern)}),");
        if (entity.Indexes.Count == 0)
        {
            writer.Line($"global::System.Array.Empty<{IndexKeyTemplate}>(),");
        }
        else
        {
            writer.Line($"new {IndexKeyTemplate}[]");
            writer.Open();
            foreach (var index in entity.Indexes)
            {
                writer.Line($"new({index.Number}, {KeyTemplate}.Parse({Literals.String(index.PartitionKey.AttributePattern)}), {KeyTemplate}.Parse({Literals.String(index.SortKey.AttributePattern)})),");
            }

            writer.Close(",");
        }

        writer.Line($"{(version is null ? "null" : Literals.String(version.AttributeName))},");
        writer.Line($"{(timeToLive is null ? "null" : Literals.String(timeToLive.AttributeName))})");
        writer.Unindent().Unindent();
        writer.Open().Close();
        writer.Line();

        if (entity.Owners.Count > 0)
        {
            WriteOwners(writer, type, entity);
            writer.Line();
        }

        WriteToItem(writer, type, entity, properties);
        CollectionWriters.Write(writer, type);
        writer.Line();
        WriteFromItem(writer, type, entity);
        writer.Line();
        writer.Line($"public override {self} FromJson({JsonReadEmitter.Parameters})");
        writer.Open();
        JsonReadEmitter.WriteBody(writer, type, entity.EntityType);
        writer.Close();
        writer.Line();
        writer.Line("public override bool CanStartJsonAfterReservedAttributes => true;");
        writer.Line();

        writer.Line($"public override {PrimaryKey} GetKey({self} entity)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(entity);");
        var keyArguments = string.Join(", ", KeyParameters.Of(entity.PartitionKey, entity.SortKey).Select(n => "entity." + properties[n].Identifier));
        writer.Line($"return {self}.CreateKey({keyArguments});");
        writer.Close();

        if (version is not null)
        {
            writer.Line();
            WriteVersionMembers(writer, type, entity, version);
        }

        writer.Close();
    }

    private static void WriteToItem(SourceWriter writer, MappedTypeModel type, EntityModel entity, Dictionary<string, PropertyModel> properties)
    {
        var self = type.FullyQualifiedName;
        var capacity = Capacity(type, entity, properties);
        writer.Line($"public override {Item} ToItem({self} entity)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(entity);");

        // Each key component once: the primary key's components go into locals in the order CreateKey evaluates
        // them (so the same exception comes first), and index keys and stored timestamps and GUIDs reuse them.
        var components = new Dictionary<string, string>(System.StringComparer.Ordinal);
        string EntityValue(PropertyModel property) => "entity." + property.Identifier;
        WriteComponentLocals(writer, entity.PartitionKey, properties, components, _ => true);
        writer.Line($"var {PartitionKeyLocal} = {KeyExpressions.PartitionKey(entity.PartitionKey, properties, EntityValue, entity.EntityType, components)};");
        WriteComponentLocals(writer, entity.SortKey, properties, components, _ => true);
        writer.Line($"var {SortKeyLocal} = {KeyExpressions.SortKey(entity.SortKey, properties, EntityValue, entity.EntityType, components)};");
        writer.Line($"var item = new {Item}({capacity});");
        writer.Line($"item[{ItemAttributeNames}.PartitionKey] = new {AttributeValue} {{ S = {PartitionKeyLocal} }};");
        writer.Line($"item[{ItemAttributeNames}.SortKey] = new {AttributeValue} {{ S = {SortKeyLocal} }};");
        writer.Line($"item[{ItemAttributeNames}.EntityType] = new {AttributeValue} {{ S = {Literals.String(entity.EntityType)} }};");

        // A component that several index keys are built from is escaped or formatted once, when the first of them
        // is written (an index key may be skipped: sparse indexes), and reused by the others.
        var shared = SharedIndexComponents(entity, properties, components);
        foreach (var name in shared)
        {
            writer.Line($"string? {Literals.Local("key_", name)} = null;");
        }

        foreach (var index in entity.Indexes)
        {
            WriteIndexKeys(writer, entity, index, properties, components, shared);
        }

        foreach (var property in type.Properties)
        {
            if (components.TryGetValue(property.Name, out var local) && StoresKeyForm(property))
            {
                // Stored in the same text as the key component (a timestamp or GUID formatted once).
                writer.Line($"item[{Literals.String(property.AttributeName)}] = new {AttributeValue} {{ S = {local} }};");
            }
            else
            {
                PropertyStatements.WriteStore(writer, property, "entity", "item");
            }
        }

        writer.Line("return item;");
        writer.Close();
    }

    /// <summary>
    /// The item's capacity: exactly the attributes written when every property that is not declared nullable holds a
    /// value. A nullable property, and a sparse index's two keys, count only when present; a dictionary sized
    /// larger than it is filled costs measurably more to allocate (Subscription: 29 slots instead of 23).
    /// </summary>
    private static string Capacity(MappedTypeModel type, EntityModel entity, Dictionary<string, PropertyModel> properties)
    {
        var always = 3;
        var whenPresent = new List<string>();
        foreach (var index in entity.Indexes)
        {
            var nullable = KeyParameters.Of(index.PartitionKey, index.SortKey).Select(name => properties[name]).Where(property => property.Value.IsNullable).ToList();
            if (nullable.Count == 0)
            {
                always += 2;
            }
            else
            {
                whenPresent.Add($"({string.Join(" || ", nullable.Select(property => $"entity.{property.Identifier} is null"))} ? 0 : 2)");
            }
        }

        foreach (var property in type.Properties)
        {
            if (property.Value.IsNullable)
            {
                whenPresent.Add($"(entity.{property.Identifier} is null ? 0 : 1)");
            }
            else
            {
                always++;
            }
        }

        whenPresent.Insert(0, always.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join(" + ", whenPresent);
    }

    private const string PartitionKeyLocal = "__partitionKey";
    private const string SortKeyLocal = "__sortKey";

    /// <summary>
    /// Declares a local for each component of <paramref name="template"/> that has none yet and that
    /// <paramref name="include"/> accepts, in template order.
    /// </summary>
    private static void WriteComponentLocals(SourceWriter writer, KeyTemplateModel template, Dictionary<string, PropertyModel> properties, Dictionary<string, string> components, System.Func<PropertyModel, bool> include)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.PropertyName is { } name && !components.ContainsKey(name) && include(properties[name]))
            {
                var property = properties[name];
                var local = Literals.Local("key_", name);
                writer.Line($"var {local} = {KeyExpressions.Component(property, "entity." + property.Identifier)};");
                components.Add(name, local);
            }
        }
    }

    /// <summary>
    /// Whether the property is stored as exactly its key component text (<c>S</c>, the same formatting), so a
    /// formatted key component can be stored as it is: non-nullable timestamps and GUIDs. Formatting them cannot
    /// fail, so they may be formatted ahead of where they were before.
    /// </summary>
    private static bool StoresKeyForm(PropertyModel property) =>
        !property.Value.IsNullable && property.Value.Kind is ValueKind.DateTimeOffset or ValueKind.Guid;

    /// <summary>
    /// Writes <c>GSI{n}PK</c> and <c>GSI{n}SK</c>. When a nullable property in either template is null, neither is
    /// written, so the item stays out of the index (a sparse index). A template that is the primary key's own
    /// (same text, same role) reuses the primary key's value.
    /// </summary>
    private static void WriteIndexKeys(SourceWriter writer, EntityModel entity, IndexModel index, Dictionary<string, PropertyModel> properties, Dictionary<string, string> components, List<string> shared)
    {
        var prefix = $"gsi{index.Number}";
        var conditions = new List<string>();
        foreach (var name in KeyParameters.Of(index.PartitionKey, index.SortKey))
        {
            var property = properties[name];
            if (property.Value.IsNullable)
            {
                conditions.Add($"entity.{property.Identifier} is {{ }} {Literals.Local(prefix, name)}");
            }
        }

        if (conditions.Count == 0)
        {
            // Always written: timestamps and GUIDs are formatted once, for the key and the stored attribute.
            WriteComponentLocals(writer, index.PartitionKey, properties, components, StoresKeyForm);
            WriteComponentLocals(writer, index.SortKey, properties, components, StoresKeyForm);
        }

        string ValueOf(PropertyModel property) => property.Value.IsNullable ? Literals.Local(prefix, property.Name) : "entity." + property.Identifier;

        // Shared components: the first key to need one computes it into its local (??=), the others read it.
        var indexComponents = new Dictionary<string, string>(components, System.StringComparer.Ordinal);
        foreach (var name in shared)
        {
            if (!components.ContainsKey(name))
            {
                var property = properties[name];
                indexComponents[name] = $"({Literals.Local("key_", name)} ??= {KeyExpressions.Component(property, ValueOf(property))})";
            }
        }

        var number = index.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var partitionKey = SameTemplate(index.PartitionKey, entity.PartitionKey)
            ? PartitionKeyLocal
            : KeyExpressions.PartitionKey(index.PartitionKey, properties, ValueOf, entity.EntityType, indexComponents);
        var sortKey = SameTemplate(index.SortKey, entity.SortKey)
            ? SortKeyLocal
            : KeyExpressions.SortKey(index.SortKey, properties, ValueOf, entity.EntityType, indexComponents);

        if (conditions.Count > 0)
        {
            writer.Open($"if ({string.Join(" && ", conditions)})");
        }

        writer.Line($"item[{Literals.String("GSI" + number + "PK")}] = new {AttributeValue} {{ S = {partitionKey} }};");
        writer.Line($"item[{Literals.String("GSI" + number + "SK")}] = new {AttributeValue} {{ S = {sortKey} }};");
        if (conditions.Count > 0)
        {
            writer.Close();
        }
    }

    /// <summary>
    /// The properties that two or more index key values are built from (counting each use of a component) and
    /// that have no local yet: not a primary key component, nor a timestamp or GUID (those get a local where an
    /// always-written index formats them, <see cref="StoresKeyForm"/>).
    /// </summary>
    private static List<string> SharedIndexComponents(EntityModel entity, Dictionary<string, PropertyModel> properties, Dictionary<string, string> components)
    {
        var uses = new Dictionary<string, int>(System.StringComparer.Ordinal);
        void Count(KeyTemplateModel template, KeyTemplateModel primary)
        {
            if (SameTemplate(template, primary))
            {
                return;
            }

            foreach (var segment in template.Segments)
            {
                if (segment.PropertyName is { } name && !components.ContainsKey(name) && !StoresKeyForm(properties[name]))
                {
                    uses[name] = uses.TryGetValue(name, out var count) ? count + 1 : 1;
                }
            }
        }

        foreach (var index in entity.Indexes)
        {
            Count(index.PartitionKey, entity.PartitionKey);
            Count(index.SortKey, entity.SortKey);
        }

        var shared = new List<string>();
        foreach (var segment in entity.Indexes.SelectMany(index => index.PartitionKey.Segments.Concat(index.SortKey.Segments)))
        {
            if (segment.PropertyName is { } name && uses.TryGetValue(name, out var count) && count > 1 && !shared.Contains(name))
            {
                shared.Add(name);
            }
        }

        return shared;
    }

    private static bool SameTemplate(KeyTemplateModel index, KeyTemplateModel primary) =>
        !KeyExpressions.IsConstant(index) && index.Segments.Equals(primary.Segments);

    private static void WriteFromItem(SourceWriter writer, MappedTypeModel type, EntityModel entity)
    {
        writer.Line($"public override {type.FullyQualifiedName} FromItem({Item} item)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(item);");
        AttributeCollector.Write(writer, type, "item");
        ConstructionEmitter.Write(
            writer,
            type,
            "return ",
            argument: property => PropertyStatements.ReadExpression(property, entity.EntityType, "arg"),
            initializer: property => PropertyStatements.ReadExpression(property, entity.EntityType, string.Empty),
            copyOnly: member => member.IsRequired ? "default!" : null);
        writer.Close();
        CollectionReaders.Write(writer, type);
    }

    private static void WriteVersionMembers(SourceWriter writer, MappedTypeModel type, EntityModel entity, PropertyModel version)
    {
        var self = type.FullyQualifiedName;
        writer.Line($"public override long GetVersion({self} entity)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(entity);");
        writer.Line($"return entity.{version.Identifier};");
        writer.Close();
        writer.Line();

        var newVersion = entity.VersionIsInt32 ? "checked((int)version)" : "version";
        writer.Line($"public override {self} WithVersion({self} entity, long version)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(entity);");
        if (entity.VersionUsesWith)
        {
            // A record copies every member, stored or not.
            writer.Line($"return entity with {{ {version.Identifier} = {newVersion} }};");
        }
        else
        {
            string ValueOf(PropertyModel property) => property.Name == version.Name ? newVersion : "entity." + property.Identifier;
            ConstructionEmitter.Write(writer, type, "return ", ValueOf, ValueOf, member => "entity." + member.Identifier);
        }

        writer.Close();
    }

    internal static Dictionary<string, string> ParameterNames(List<string> propertyNames)
    {
        var result = new Dictionary<string, string>();
        var used = new HashSet<string>();
        foreach (var name in propertyNames)
        {
            var parameter = Literals.Parameter(name);
            var candidate = parameter;
            for (var suffix = 2; !used.Add(candidate); suffix++)
            {
                candidate = parameter + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            result[name] = candidate;
        }

        return result;
    }

    internal static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
