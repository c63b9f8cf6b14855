namespace PreviewAccess.Web.Tests.Infrastructure;

/// <summary>
/// The test collection that shares one <see cref="PostgresServer"/>. Use <c>[Collection(PostgresCollectionDefinition.Name)]</c>
/// on a test class, take <see cref="PostgresServer"/> in its constructor, and create the class's own database with
/// <see cref="PostgresServer.CreateDatabaseAsync"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
