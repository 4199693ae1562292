using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SaasUsers.Data.Generator.Model;

namespace SaasUsers.Data.Generator.Parsing;

/// <summary>Collects the enums one mapped type uses, giving each a unique helper name for its generated switches.</summary>
internal sealed class EnumRegistry
{
    private readonly Dictionary<string, EnumModel> _byTypeName = new();
    private readonly HashSet<string> _helperNames = new();
    private readonly List<EnumModel> _enums = new();

    public IReadOnlyList<EnumModel> Enums => _enums;

    /// <summary>Registers the enum (once) and returns its helper name.</summary>
    public string Register(INamedTypeSymbol enumType)
    {
        var typeName = enumType.FullNameWithoutAnnotation();
        if (_byTypeName.TryGetValue(typeName, out var known))
        {
            return known.HelperName;
        }

        // Two enums of the same simple name in different namespaces get numbered helpers.
        var helperName = enumType.Name;
        for (var suffix = 2; !_helperNames.Add(helperName); suffix++)
        {
            helperName = enumType.Name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var members = new List<EnumMemberModel>();
        var seenValues = new HashSet<object>();
        foreach (var member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { IsConst: true, HasConstantValue: true } field)
            {
                members.Add(new EnumMemberModel(field.Name, SymbolNames.Identifier(field.Name), seenValues.Add(field.ConstantValue!)));
            }
        }

        var underlying = enumType.EnumUnderlyingType?.ToDisplayString() ?? "int";
        var model = new EnumModel(helperName, typeName, enumType.Name, underlying, members.ToEquatableArray());
        _byTypeName.Add(typeName, model);
        _enums.Add(model);
        return helperName;
    }
}
