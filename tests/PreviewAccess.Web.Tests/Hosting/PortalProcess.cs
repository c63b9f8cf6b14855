using System.Diagnostics;
using System.Net.Sockets;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>How a command of the command line ended, and what it wrote.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// The built portal (<c>PreviewAccess.Web.dll</c>, copied next to the test assembly by the project reference) run as a
/// separate OS process against a PostgreSQL database: a command of the command line, or a whole instance serving
/// HTTP with its background services, that a test can kill like a crashed server.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 200;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private PortalProcess(string name, Process process, Uri rootUri)
    {
        Name = name;
        _process = process;
        RootUri = rootUri;
    }

    public string Name { get; }

    /// <summary>The address the instance listens on (plain http on the loopback interface).</summary>
    public Uri RootUri { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (standard output and error), for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output) return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>
    /// How to start the portal's binary with <paramref name="args"/>, in the Production environment, on PostgreSQL at
    /// <paramref name="connectionString"/>; <paramref name="settings"/> are configuration keys (<c>Section:Key</c>).
    /// </summary>
    public static ProcessStartInfo StartInfo(string connectionString, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__PreviewAccess"] = connectionString;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    /// <summary>
    /// Runs a command of the portal's command line to its end (two minutes at most) against PostgreSQL at
    /// <paramref name="connectionString"/>, with <paramref name="stdin"/> (if any) as its standard input.
    /// </summary>
    public static async Task<CommandResult> RunCommandAsync(string connectionString, string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(connectionString, args))!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts an instance on a free loopback port; it applies migrations (none left, normally) and starts its background services.</summary>
    public static PortalProcess StartInstance(string name, string connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        var rootUri = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = StartInfo(connectionString, ["--urls", rootUri.ToString().TrimEnd('/')], settings);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var instance = new PortalProcess(name, process, rootUri);
        process.OutputDataReceived += (_, e) => instance.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Keep(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Instance {name} did not start.");

        // The pipes are drained all the time, or a chatty instance would block on a full one.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return instance;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (database reachable, access snapshot loaded).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Instance {Name} exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(RootUri, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting up.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Instance {Name} was not ready within {timeout}:{Environment.NewLine}{OutputTail}");
    }

    /// <summary>Kills the process and everything it started, as a crash or an OOM kill would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept) _output.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
