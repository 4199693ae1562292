using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SaasUsers.Data;

/// <summary>Ensures the table when the host starts, when <see cref="SaasUsersTableOptions.EnsureTableOnStartup"/> is on.</summary>
internal sealed class EnsureTableHostedService : IHostedService
{
    private readonly ITableProvisioner _provisioner;
    private readonly IOptions<SaasUsersTableOptions> _options;

    public EnsureTableHostedService(ITableProvisioner provisioner, IOptions<SaasUsersTableOptions> options)
    {
        _provisioner = provisioner;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _options.Value.EnsureTableOnStartup ? _provisioner.EnsureTableAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
