using SaasUsers.Data.Testing;
using Xunit;

// From the SaasUsers.Data.Testing package: one DynamoDB Local for the run (or SAASUSERS_DYNAMODB_URL).
[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
