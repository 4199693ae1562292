using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>
/// Validates <see cref="SaasUsersTableOptions"/> at start-up: range and format checks are generated from the
/// options' data annotations at compile time (no reflection); the rules that span options are in
/// <see cref="SaasUsersTableOptionsRules"/>.
/// </summary>
[OptionsValidator]
internal sealed partial class SaasUsersTableOptionsValidator : IValidateOptions<SaasUsersTableOptions>
{
}
