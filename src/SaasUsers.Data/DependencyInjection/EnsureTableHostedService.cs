using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>
/// When the host starts: ensures the table when <see cref="SaasUsersTableOptions.EnsureTableOnStartup"/> is on, then
/// runs the migrations when <see cref="SaasUsersTableOptions.RunMigrationsOnStartup"/> is on. A failure stops the
/// host from starting, so the application never serves on a table it cannot use.
/// </summary>
internal sealed class EnsureTableHostedService : IHostedService
{
    private readonly ITableProvisioner _provisioner;
    private readonly ITableMigrator _migrator;
    private readonly IOptions<SaasUsersTableOptions> _options;

    public EnsureTableHostedService(ITableProvisioner provisioner, ITableMigrator migrator, IOptions<SaasUsersTableOptions> options)
    {
        _provisioner = provisioner;
        _migrator = migrator;
        _options = options;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (options.EnsureTableOnStartup)
        {
            await _provisioner.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.RunMigrationsOnStartup)
        {
            await _migrator.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
