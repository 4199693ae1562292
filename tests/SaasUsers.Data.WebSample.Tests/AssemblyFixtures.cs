using SaasUsers.Data.Testing;

// One DynamoDB Local for the run (SAASUSERS_DYNAMODB_URL, or a container); each test class gets its own application and table.
[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]
