using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Features.MultiFactor;

/// <summary>
/// The authenticator app's codes (RFC 6238: HMAC-SHA1 over 30-second steps, six digits), each good once. Identity's own
/// provider accepts a code for its whole window (two steps either side, about 90 s each way), so a code seen over a
/// shoulder or lifted from a phishing page would sign in a second time. Here the step of the last accepted code is kept
/// per person (an Identity user token, so every instance sees it) and a code of that step or an earlier one is refused
/// like a wrong code. The step is claimed with a compare-and-swap in the database: two requests racing with the same
/// code cannot both win. Registered in place of Identity's authenticator provider, so that every check of a code —
/// the sign-in's second step and the setup of the app — goes through it.
/// </summary>
public sealed class OneTimeAuthenticatorCodes(PortalDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    /// <summary>Where the last accepted step is kept (<c>AspNetUserTokens</c>).</summary>
    public const string TokenLoginProvider = "[PreviewAccess]";

    public const string LastStepTokenName = "AuthenticatorLastStep";

    /// <summary>As Identity does: steps either side of now that a code may come from, for clocks that drift.</summary>
    private const int StepsEitherSide = 2;

    private const int StepSeconds = 30;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    /// <summary>The codes come from the person's app, never from the portal.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit)) return false;
        if (FromBase32(key) is not { Length: > 0 } keyBytes) return false;

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        // The latest step that matches: a later claim never makes an earlier, still unused code of the window usable.
        for (var step = now + StepsEitherSide; step >= now - StepsEitherSide; step--)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(keyBytes, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                return await ClaimAsync(user.Id, step);
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="step"/> as the last accepted one, if it is later than the one recorded; false when it is not, or another request got there first.</summary>
    private async Task<bool> ClaimAsync(Guid userId, long step)
    {
        var value = step.ToString(CultureInfo.InvariantCulture);
        var last = await LastStepTokens(userId).AsNoTracking().Select(t => t.Value).FirstOrDefaultAsync();
        if (last is not null)
        {
            if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && lastStep >= step) return false;
            // Compare-and-swap: only if nobody changed it since it was read.
            return await LastStepTokens(userId).Where(t => t.Value == last).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value)) == 1;
        }

        var first = new IdentityUserToken<Guid> { UserId = userId, LoginProvider = TokenLoginProvider, Name = LastStepTokenName, Value = value };
        db.UserTokens.Add(first);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request inserted it at the same moment, with this very code or an earlier one: refused.
            db.Entry(first).State = EntityState.Detached;
            return false;
        }
    }

    private IQueryable<IdentityUserToken<Guid>> LastStepTokens(Guid userId) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == TokenLoginProvider && t.Name == LastStepTokenName);

    private static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238's authenticator codes are HMAC-SHA1: it is what every authenticator app computes.
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7fffffff;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32, as Identity stores the key; null when it is not Base32.</summary>
    private static byte[]? FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c == '=' || char.IsWhiteSpace(c)) continue;
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }

        return [.. bytes];
    }
}
