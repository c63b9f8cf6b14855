using Microsoft.Extensions.Time.Testing;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The base of every test class that gets the real portal: each test gets it on a database of its own (on PostgreSQL a
/// copy of the demo or of a bare migrated database, on SQLite a new file), made with the class's settings before the
/// test, started at its first use and stopped after the test; a class of a collection with a <see cref="SharedPortal"/>
/// gets that one portal instead. A class says what differs by overriding <see cref="SeedDemoData"/>,
/// <see cref="Settings"/>, <see cref="EnvironmentName"/>, <see cref="Clock"/>, <see cref="MailsOverSmtp"/>,
/// <see cref="ConfigureServices"/> or <see cref="RouteDatabase"/>. Tests reach the portal through <see cref="App"/>, sign
/// in with <c>App.SignedInAsync(email)</c> and arrange data with <see cref="Data"/> and <see cref="TestData"/>'s unique names.
/// </summary>
public abstract class PortalTest : IAsyncLifetime, IDisposable
{
    private readonly PostgresServer? _postgres;
    private readonly SharedPortal? _shared;

    /// <summary>On a PostgreSQL database of each test's own on <paramref name="postgres"/>.</summary>
    protected PortalTest(PostgresServer postgres)
        : this(postgres, DatabaseProvider.Postgres)
    {
    }

    /// <summary>On <paramref name="provider"/>: a PostgreSQL database of each test's own on <paramref name="postgres"/>, or a SQLite file of its own (no server needed).</summary>
    protected PortalTest(PostgresServer? postgres, DatabaseProvider provider)
    {
        _postgres = postgres;
        Provider = provider;
    }

    /// <summary>On a SQLite file of each test's own: no PostgreSQL server needed.</summary>
    protected PortalTest(DatabaseProvider provider)
        : this(null, provider)
    {
    }

    /// <summary>On the collection's one portal, already started.</summary>
    protected PortalTest(SharedPortal shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _shared = shared;
        Provider = shared.App.Provider;
    }

    /// <summary>The portal of the running test.</summary>
    protected PortalApp App { get; private set; } = null!;

    /// <summary>Arranges data in <see cref="App"/>'s database.</summary>
    protected TestData Data { get; private set; } = null!;

    protected PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("This test runs without a PostgreSQL server of the collection's.");

    protected DatabaseProvider Provider { get; }

    /// <summary>
    /// The real SMTP server in the test process that the portal's mail goes to when <see cref="MailsOverSmtp"/>; the
    /// links in it point to https://preview.example.
    /// </summary>
    protected SmtpTestServer Smtp { get; private set; } = null!;

    /// <summary>Whether the database holds the demo's accounts and organizations (the default) or nothing but the schema.</summary>
    protected virtual bool SeedDemoData => true;

    /// <summary>Settings on top of <see cref="PortalApp"/>'s own.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>The ASP.NET Core environment the portal runs in.</summary>
    protected virtual string EnvironmentName => "Testing";

    /// <summary>The clock the portal runs on, when the class gives it one (e.g. <see cref="FakeClockAtNow"/>): the test moves it on itself.</summary>
    protected virtual FakeTimeProvider? Clock => null;

    /// <summary>The day it is (UTC) on <see cref="Clock"/>, or on the real clock.</summary>
    protected DateOnly Today => DateOnly.FromDateTime((Clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);

    /// <summary>Whether the portal sends its mail to <see cref="Smtp"/>.</summary>
    protected virtual bool MailsOverSmtp => false;

    /// <summary>Overrides of the portal's services (a fake clock, a counting password hasher…), after its own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>A fake clock at the current time in whole milliseconds, as both databases keep times.</summary>
    protected static FakeTimeProvider FakeClockAtNow() =>
        new(new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero));

    /// <summary>The PostgreSQL connection string the portal gets for its database (e.g. through a <see cref="DatabaseLink"/>).</summary>
    protected virtual string RouteDatabase(string connectionString) => connectionString;

    public virtual async Task InitializeAsync()
    {
        if (_shared is not null)
        {
            App = _shared.App;
        }
        else
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (MailsOverSmtp)
            {
                Smtp = SmtpTestServer.Start();
                foreach (var (key, value) in Smtp.PortalSettings) settings[key] = value;
                settings["Portal:PublicUrl"] = "https://preview.example";
            }

            foreach (var (key, value) in Settings ?? new Dictionary<string, string?>()) settings[key] = value;
            App = await PortalApp.OnNewDatabaseAsync(_postgres, Provider, GetType().Name, SeedDemoData, settings, EnvironmentName, OverrideServices, RouteDatabase);
        }

        Data = new TestData(App);
    }

    public virtual async Task DisposeAsync()
    {
        if (_shared is not null) return;
        await App.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _shared is null) App?.Dispose();
    }

    private void OverrideServices(IServiceCollection services)
    {
        if (Clock is { } clock) services.AddSingleton<TimeProvider>(clock);
        ConfigureServices(services);
    }
}
