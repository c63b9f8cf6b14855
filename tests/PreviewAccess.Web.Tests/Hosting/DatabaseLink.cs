using System.Net.Sockets;
using Npgsql;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// A TCP relay between the portal and its PostgreSQL database that a test can cut and restore: an outage as the portal
/// sees it (open connections dropped, new ones refused) without stopping the server other tests share.
/// </summary>
public sealed class DatabaseLink : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<Socket> _relayed = [];
    private TcpListener? _listener;
    private DnsEndPoint? _target;

    public int Port { get; private set; }

    /// <summary>Starts relaying to <paramref name="connectionString"/>'s server; the connection string to give the portal instead.</summary>
    public string Route(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _target = new DnsEndPoint(builder.Host!, builder.Port);
        Listen(0);
        builder.Host = IPAddress.Loopback.ToString();
        builder.Port = Port;
        return builder.ConnectionString;
    }

    /// <summary>The database goes away: every relayed connection is dropped and new ones are refused.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _relayed) socket.Dispose();
            _relayed.Clear();
        }
    }

    /// <summary>The database is back, on the same port.</summary>
    public void Restore() => Listen(Port);

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        lock (_gate) _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        lock (_gate)
        {
            if (_listener is null)
            {
                client.Dispose();
                server.Dispose();
                return;
            }

            _relayed.Add(client);
            _relayed.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target!);
            await using var fromClient = new NetworkStream(client, ownsSocket: false);
            await using var toServer = new NetworkStream(server, ownsSocket: false);
            await Task.WhenAny(fromClient.CopyToAsync(toServer), toServer.CopyToAsync(fromClient));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // Cut, or one side went away: the other goes too, as with a real outage.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
