using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// A real SMTP server on a free loopback port, in the test process: the portal's outbox delivers to it over SMTP
/// exactly as it would to a relay, and the test reads what arrived.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Inbox _inbox = new();

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_inbox);
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>The portal's settings that send its mail here.</summary>
    public IReadOnlyDictionary<string, string?> PortalSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public IReadOnlyCollection<MimeMessage> Received => _inbox.Messages.ToArray();

    public static SmtpTestServer Start() => new(FreeLoopbackPort());

    /// <summary>Waits (up to <paramref name="timeout"/>, 10 s by default) for a mail to <paramref name="to"/> that matches.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, Func<MimeMessage, bool>? matches = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = _inbox.Messages.FirstOrDefault(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)) && (matches?.Invoke(m) ?? true));
            if (found is not null) return found;
            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail to {to} arrived. Received: {string.Join("; ", _inbox.Messages.Select(m => $"{m.To} '{m.Subject}'"))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping is best effort: the port dies with the process anyway.
        }

        _stop.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Inbox : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
