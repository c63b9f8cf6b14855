namespace PreviewAccess.Web.Tests.Infrastructure;

// The test collections on PostgreSQL. xunit runs the classes of one collection one after another and the collections
// side by side, so the tests of an area wait for each other but not for the other areas. Put a class in the
// collection of its area with [Collection(…Collection.Name)], take PostgresServer in its constructor, and give each
// test a database of its own (Hosting/PortalDatabases) or data of its own (Hosting/TestData).

/// <summary>The staff pages of /Admin.</summary>
[CollectionDefinition(Name)]
public sealed class AdminPagesCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "admin pages";
}

/// <summary>The JSON API of API.md.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "api";
}

/// <summary>Sign-in, the second factor, who may write what, and the portal's shell (errors, headers, proxies).</summary>
[CollectionDefinition(Name)]
public sealed class SignInAndShellCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "sign-in and shell";
}

/// <summary>The support desk, webhooks, recertification, the audit chain, telemetry and persistence.</summary>
[CollectionDefinition(Name)]
public sealed class RecordsAndSupportCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "records and support";
}

/// <summary>The tests that run the built portal as processes of its own: the command line, a killed instance.</summary>
[CollectionDefinition(Name)]
public sealed class PortalProcessesCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "portal processes";
}

/// <summary>
/// The tests that need the test process to themselves, so they run after every other collection, alone: those that
/// hold the portal to a time (a change seen within a second, a worker's pace), which a machine busy with other tests
/// could make them miss; those that count metrics, which every portal in the process adds to; and those that read the
/// request log, which Serilog writes through the process's one static logger, the last portal started's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UndisturbedCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "undisturbed";
}
