using System.Buffers.Binary;
using System.Security.Cryptography;
using Npgsql;

namespace PreviewAccess.Bench;

/// <summary>
/// A partner who can sign in, at one of the seeded organizations: the portal makes partners only through an accepted
/// invitation (a mailed link), so the bench writes the account the way that acceptance would leave it — an owner of
/// its organization in the Partner role, with a password hashed in ASP.NET Core Identity's own format (version 3:
/// PBKDF2 with HMAC-SHA512, 210,000 iterations, as the portal hashes). Prints nothing; the password comes on stdin.
/// </summary>
internal static class PartnerUser
{
    private const int Iterations = 210_000;

    public static async Task<int> RunAsync(Options options, TextReader input)
    {
        var password = (await input.ReadLineAsync())?.Trim() ?? throw new BenchException("Give the password on stdin.");
        var email = options.Required("email");
        await using var connection = new NpgsqlConnection(options.Required("connection"));
        await connection.OpenAsync();
        // An organization in the middle of the program, with its grants: the page shows them all.
        await using var insert = new NpgsqlCommand("""
            WITH organization AS (
                SELECT o."Id" FROM "Organizations" AS o WHERE o."Status" = 'Reviewed'
                ORDER BY o."Name", o."Id" OFFSET (SELECT count(*) / 2 FROM "Organizations") LIMIT 1)
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "OrganizationId", "IsDisabled", "CreatedAt", "UserName",
                "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp",
                "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount",
                "IsOrganizationOwner")
            SELECT @id, 'Bench Partner', organization."Id", false, now(), @email, upper(@email), @email, upper(@email), true,
                @hash, @stamp, @concurrency, false, false, true, 0, true
            FROM organization;
            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") SELECT @id, "Id" FROM "AspNetRoles" WHERE "Name" = 'Partner';
            """, connection);
        var id = Guid.CreateVersion7();
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("email", email);
        insert.Parameters.AddWithValue("hash", Hash(password));
        insert.Parameters.AddWithValue("stamp", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        insert.Parameters.AddWithValue("concurrency", Guid.NewGuid().ToString());
        if (await insert.ExecuteNonQueryAsync() != 2) throw new BenchException("No reviewed organization to make a partner at.");
        return 0;
    }

    /// <summary>Identity's version-3 layout: 0x01, the PRF, the iteration count, the salt's length (each a big-endian uint), the salt, the subkey.</summary>
    private static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, 32);
        var output = new byte[13 + salt.Length + subkey.Length];
        output[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), 2); // HMACSHA512
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(5), Iterations);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(output, 13);
        subkey.CopyTo(output, 13 + salt.Length);
        return Convert.ToBase64String(output);
    }
}
