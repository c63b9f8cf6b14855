using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>
/// The browser tests share one PostgreSQL server and one Chromium. xunit 2 only honours a collection
/// definition declared in the tests' own assembly, hence this one next to Web.Tests' "postgres".
/// A test class takes both fixtures in its constructor and <see cref="DemoPortal"/> as its class fixture.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollectionDefinition : ICollectionFixture<PostgresServer>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
