namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>
/// A <see cref="PortalTest"/> for webhooks: the dispatcher (and every other background loop) runs only when a test drives
/// it, and <see cref="Receiver"/>, started inside the test on 127.0.0.1, is an address the portal may call.
/// </summary>
public abstract class WebhookTest : PortalTest
{
    protected WebhookTest(PostgresServer postgres)
        : base(postgres)
    {
    }

    protected WebhookTest(DatabaseProvider provider)
        : base(provider)
    {
    }

    protected WebhookReceiver Receiver { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:DispatcherEnabled"] = "false",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Mail:DispatcherEnabled"] = "false",
        ["Rollout:WorkerEnabled"] = "false",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        if (Receiver is not null) await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }
}
