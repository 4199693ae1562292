namespace SaasUsers.Data.Generator.Model;

/// <summary>Which .NET collection a list, set or map property is declared as, which decides how it is read back.</summary>
internal enum CollectionKind
{
    None,

    /// <summary><c>List&lt;T&gt;</c> or an interface a <c>List&lt;T&gt;</c> implements.</summary>
    List,

    /// <summary><c>T[]</c>.</summary>
    Array,

    /// <summary><c>HashSet&lt;string&gt;</c> or a set interface.</summary>
    Set,

    /// <summary><c>Dictionary&lt;string, T&gt;</c> or a dictionary interface.</summary>
    Dictionary,
}
