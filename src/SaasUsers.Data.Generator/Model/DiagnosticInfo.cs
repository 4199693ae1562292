using Microsoft.CodeAnalysis;

namespace SaasUsers.Data.Generator.Model;

/// <summary>A diagnostic found by the parser, kept as equatable data until it is reported.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArguments) =>
        new(descriptor, location, messageArguments.ToEquatableArray());

    public Diagnostic ToDiagnostic(Compilation? compilation)
    {
        var arguments = new object[MessageArguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = MessageArguments[i];
        }

        return Diagnostic.Create(Descriptor, Location?.ToLocation(compilation) ?? Microsoft.CodeAnalysis.Location.None, arguments);
    }
}
