using SaasUsers.Data.Testing;
using Xunit;

// One DynamoDB Local for the whole run (or SAASUSERS_DYNAMODB_URL); each test class gets its own table.
[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
