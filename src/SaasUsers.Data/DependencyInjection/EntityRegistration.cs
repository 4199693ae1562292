using SaasUsers.Data.Mapping;

namespace SaasUsers.Data;

/// <summary>An application entity type added to the table model with <c>AddSaasUsersEntity&lt;T&gt;</c>.</summary>
internal sealed record EntityRegistration(EntityMapper Mapper);
