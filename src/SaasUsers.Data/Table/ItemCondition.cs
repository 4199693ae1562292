using Amazon.DynamoDBv2.Model;
using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>
/// A condition on a stored entity, for conditional updates, deletes and transaction condition checks.
/// Build one with the <see cref="ItemCondition"/> factory methods and combine with <c>&amp;</c>, <c>|</c> and <c>!</c>.
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public abstract class ItemCondition<T>
    where T : class, IDynamoEntity<T>
{
    private protected ItemCondition()
    {
    }

    /// <summary>Both conditions hold.</summary>
    public static ItemCondition<T> operator &(ItemCondition<T> left, ItemCondition<T> right) => new Combined<T>(left, "AND", right);

    /// <summary>Either condition holds.</summary>
    public static ItemCondition<T> operator |(ItemCondition<T> left, ItemCondition<T> right) => new Combined<T>(left, "OR", right);

    /// <summary>The condition does not hold.</summary>
    public static ItemCondition<T> operator !(ItemCondition<T> condition) => new Negated<T>(condition);

    /// <summary>Both conditions hold.</summary>
    public ItemCondition<T> And(ItemCondition<T> other) => this & other;

    /// <summary>Either condition holds.</summary>
    public ItemCondition<T> Or(ItemCondition<T> other) => this | other;

    internal abstract string Render(ExpressionAttributes attributes);

    private sealed class Combined<TEntity>(ItemCondition<TEntity> left, string op, ItemCondition<TEntity> right) : ItemCondition<TEntity>
        where TEntity : class, IDynamoEntity<TEntity>
    {
        internal override string Render(ExpressionAttributes attributes) =>
            "(" + left.Render(attributes) + ") " + op + " (" + right.Render(attributes) + ")";
    }

    private sealed class Negated<TEntity>(ItemCondition<TEntity> inner) : ItemCondition<TEntity>
        where TEntity : class, IDynamoEntity<TEntity>
    {
        internal override string Render(ExpressionAttributes attributes) => "NOT (" + inner.Render(attributes) + ")";
    }
}

/// <summary>Builds <see cref="ItemCondition{T}"/> values from an entity's generated <c>Fields</c>.</summary>
public static class ItemCondition
{
    /// <summary>The most values an <see cref="In{T, TValue}"/> condition takes (DynamoDB's limit for <c>IN</c>).</summary>
    public const int MaxInValues = 100;

    /// <summary>The attribute equals <paramref name="value"/>.</summary>
    public static ItemCondition<T> Equal<T, TValue>(EntityField<T, TValue> field, TValue value)
        where T : class, IDynamoEntity<T> => Compare(field, "=", value);

    /// <summary>The attribute does not equal <paramref name="value"/> (true when the attribute is absent).</summary>
    public static ItemCondition<T> NotEqual<T, TValue>(EntityField<T, TValue> field, TValue value)
        where T : class, IDynamoEntity<T> => Compare(field, "<>", value);

    /// <summary>The attribute is less than <paramref name="value"/>.</summary>
    public static ItemCondition<T> LessThan<T, TValue>(EntityField<T, TValue> field, TValue value)
        where T : class, IDynamoEntity<T> => Compare(field, "<", value);

    /// <summary>The attribute is less than or equal to <paramref name="value"/>.</summary>
    public static ItemCondition<T> LessThanOrEqual<T, TValue>(EntityField<T, TValue> field, TValue value)
        where T : class, IDynamoEntity<T> => Compare(field, "<=", value);

    /// <summary>The attribute is greater than <paramref name="value"/>.</summary>
    public static ItemCondition<T> GreaterThan<T, TValue>(EntityField<T, TValue> field, TValue value)
        where T : class, IDynamoEntity<T> => Compare(field, ">", value);

    /// <summary>The attribute is greater than or equal to <paramref name="value"/>.</summary>
    public static ItemCondition<T> GreaterThanOrEqual<T, TValue>(EntityField<T, TValue> field, TValue value)
        where T : class, IDynamoEntity<T> => Compare(field, ">=", value);

    /// <summary>The attribute is less than <paramref name="other"/>, another attribute of the same item (false when either is absent), for a counter kept below a limit stored beside it.</summary>
    public static ItemCondition<T> LessThan<T, TValue>(EntityField<T, TValue> field, EntityField<T, TValue> other)
        where T : class, IDynamoEntity<T> => CompareFields(field, "<", other);

    /// <summary>The attribute is less than or equal to <paramref name="other"/>, another attribute of the same item (false when either is absent).</summary>
    public static ItemCondition<T> LessThanOrEqual<T, TValue>(EntityField<T, TValue> field, EntityField<T, TValue> other)
        where T : class, IDynamoEntity<T> => CompareFields(field, "<=", other);

    /// <summary>The attribute is greater than <paramref name="other"/>, another attribute of the same item (false when either is absent).</summary>
    public static ItemCondition<T> GreaterThan<T, TValue>(EntityField<T, TValue> field, EntityField<T, TValue> other)
        where T : class, IDynamoEntity<T> => CompareFields(field, ">", other);

    /// <summary>The attribute is greater than or equal to <paramref name="other"/>, another attribute of the same item (false when either is absent).</summary>
    public static ItemCondition<T> GreaterThanOrEqual<T, TValue>(EntityField<T, TValue> field, EntityField<T, TValue> other)
        where T : class, IDynamoEntity<T> => CompareFields(field, ">=", other);

    /// <summary>The attribute equals one of <paramref name="values"/> (1 to 100 values, DynamoDB's limit for <c>IN</c>).</summary>
    /// <exception cref="ArgumentException">There are no values, more than 100, or one is stored as absent.</exception>
    public static ItemCondition<T> In<T, TValue>(EntityField<T, TValue> field, IEnumerable<TValue> values)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(values);
        var stored = values.Select(v => field.ToAttributeValue(v)
            ?? throw new ArgumentException($"An IN condition on '{field.AttributeName}' needs values, not null.", nameof(values))).ToArray();
        if (stored.Length is 0 or > MaxInValues)
        {
            throw new ArgumentException($"An IN condition takes 1 to {MaxInValues} values; '{field.AttributeName}' was given {stored.Length}.", nameof(values));
        }

        return new Membership<T>(field.AttributeName, stored);
    }

    /// <summary>The attribute is present.</summary>
    public static ItemCondition<T> Exists<T, TValue>(EntityField<T, TValue> field)
        where T : class, IDynamoEntity<T> => new Function<T>("attribute_exists", field.AttributeName, null);

    /// <summary>The attribute is absent.</summary>
    public static ItemCondition<T> NotExists<T, TValue>(EntityField<T, TValue> field)
        where T : class, IDynamoEntity<T> => new Function<T>("attribute_not_exists", field.AttributeName, null);

    /// <summary>The string attribute starts with <paramref name="prefix"/>.</summary>
    public static ItemCondition<T> BeginsWith<T, TValue>(EntityField<T, TValue> field, string prefix)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return new Function<T>("begins_with", field.AttributeName, new AttributeValue { S = prefix });
    }

    private static ItemCondition<T> Compare<T, TValue>(EntityField<T, TValue> field, string op, TValue value)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(field);
        var attributeValue = field.ToAttributeValue(value)
            ?? throw new ArgumentNullException(nameof(value), $"A comparison with '{field.AttributeName}' needs a value; use ItemCondition.NotExists for an absent attribute.");
        return new Comparison<T>(field.AttributeName, op, attributeValue);
    }

    private static ItemCondition<T> CompareFields<T, TValue>(EntityField<T, TValue> field, string op, EntityField<T, TValue> other)
        where T : class, IDynamoEntity<T>
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(other);
        return new FieldComparison<T>(field.AttributeName, op, other.AttributeName);
    }

    private sealed class FieldComparison<T>(string attributeName, string op, string otherAttributeName) : ItemCondition<T>
        where T : class, IDynamoEntity<T>
    {
        internal override string Render(ExpressionAttributes attributes) =>
            attributes.Name(attributeName) + " " + op + " " + attributes.Name(otherAttributeName);
    }

    private sealed class Comparison<T>(string attributeName, string op, AttributeValue value) : ItemCondition<T>
        where T : class, IDynamoEntity<T>
    {
        internal override string Render(ExpressionAttributes attributes) =>
            attributes.Name(attributeName) + " " + op + " " + attributes.Value(value);
    }

    private sealed class Membership<T>(string attributeName, AttributeValue[] values) : ItemCondition<T>
        where T : class, IDynamoEntity<T>
    {
        internal override string Render(ExpressionAttributes attributes) =>
            attributes.Name(attributeName) + " IN (" + string.Join(", ", values.Select(attributes.Value)) + ")";
    }

    private sealed class Function<T>(string function, string attributeName, AttributeValue? argument) : ItemCondition<T>
        where T : class, IDynamoEntity<T>
    {
        internal override string Render(ExpressionAttributes attributes) =>
            argument is null
                ? function + "(" + attributes.Name(attributeName) + ")"
                : function + "(" + attributes.Name(attributeName) + ", " + attributes.Value(argument) + ")";
    }
}
