using System.Buffers.Binary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// Test-host parts for the sign-in defences: clients that come from an address of the test's choosing, and a count of
/// the password hashing the portal does.
/// </summary>
public static class SignInHosting
{
    /// <summary>The in-memory test server has no client address; this test-only header supplies one.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public static IServiceCollection AddClientAddressFromTestHeader(this IServiceCollection services) =>
        services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();

    public static IServiceCollection AddCountedPasswordHashing(this IServiceCollection services, PasswordVerifications verifications) =>
        services.AddScoped<IPasswordHasher<PortalUser>>(sp =>
            new CountingPasswordHasher(new PasswordHasher<PortalUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), verifications));

    /// <summary>Every request checks the security stamp (instead of once a minute): a changed account's sessions end at once.</summary>
    public static IServiceCollection CheckSecurityStampOnEveryRequest(this IServiceCollection services) =>
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

    /// <summary>Every request of this client comes from <paramref name="address"/>.</summary>
    public static HttpClient From(this HttpClient client, string address)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Remove(ClientAddressHeader);
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingPasswordHasher(IPasswordHasher<PortalUser> inner, PasswordVerifications verifications) : IPasswordHasher<PortalUser>
    {
        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            verifications.Record(hashedPassword);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>The password verifications the portal did, each with the PBKDF2 iteration count of the hash it checked against.</summary>
public sealed class PasswordVerifications
{
    private readonly List<int> _iterations = [];

    public int Count
    {
        get
        {
            lock (_iterations) return _iterations.Count;
        }
    }

    public IReadOnlyList<int> IterationsSince(int count)
    {
        lock (_iterations) return _iterations.Skip(count).ToList();
    }

    public void Record(string hashedPassword)
    {
        var bytes = Convert.FromBase64String(hashedPassword);
        // Identity's v3 format: 0x01, the PRF, then the iteration count, big-endian.
        var iterations = bytes.Length > 9 && bytes[0] == 0x01 ? (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)) : 0;
        lock (_iterations) _iterations.Add(iterations);
    }
}
