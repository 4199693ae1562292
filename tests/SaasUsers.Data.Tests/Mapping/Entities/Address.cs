namespace SaasUsers.Data.Tests.Mapping.Entities;

/// <summary>A document as a positional record, with a nested document.</summary>
[DynamoDocument]
public sealed partial record Address(string Street, string City)
{
    public string? PostalCode { get; init; }

    public GeoPoint? Location { get; init; }
}

/// <summary>A document as a class.</summary>
[DynamoDocument]
public sealed partial class GeoPoint
{
    public double Latitude { get; set; }

    public double Longitude { get; set; }
}
