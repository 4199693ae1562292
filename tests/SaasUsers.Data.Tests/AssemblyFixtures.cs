using SaasUsers.Data.Testing;
using Xunit;

// One DynamoDB Local for the whole test run (or SAASUSERS_DYNAMODB_URL); it starts when a test first needs it.
[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
