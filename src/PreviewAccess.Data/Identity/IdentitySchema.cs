using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace PreviewAccess.Data.Identity;

/// <summary>
/// The ASP.NET Core Identity schema the portal's tables follow: version 3, which stores passkeys
/// (<c>AspNetUserPasskeys</c>). Identity reads it from <see cref="IdentityOptions.Stores"/> when it builds the model.
/// </summary>
public static class IdentitySchema
{
    public static Version Version { get; } = IdentitySchemaVersions.Version3;

    /// <summary>Sets the schema version wherever Identity's options are configured.</summary>
    public static void Apply(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Stores.SchemaVersion = Version;
    }

    /// <summary>For a context made outside a host (design time, tests): just enough services for Identity to read the schema.</summary>
    internal static IServiceProvider StandaloneServices { get; } =
        new ServiceCollection().AddOptions().Configure<IdentityOptions>(Apply).BuildServiceProvider();
}
