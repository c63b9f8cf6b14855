using System.Globalization;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Accounts;

/// <summary>The mails about a person's own account: a password link, a first-password link, a lockout notice.</summary>
public static class AccountMail
{
    private const string Signature = "\n\nThe GPT-5.6 preview program team";

    public static OutgoingMail PasswordReset(string to, string displayName, Uri link, TimeSpan lifetime) =>
        new(to, "Choose a new password for the GPT-5.6 preview portal",
            $"""
            Hello {displayName},

            Someone asked for a new password for the preview portal account {to}. To choose one, open this link:

            {link}

            The link works once, for {Durations.Describe(lifetime)}. Choosing a new password signs this account out everywhere.

            If you did not ask for this, you can ignore this mail: your password stays as it is.
            {Signature}
            """);

    public static OutgoingMail FirstPassword(string to, string displayName, Uri link, TimeSpan lifetime, Uri portal) =>
        new(to, "Your account on the GPT-5.6 preview portal",
            $"""
            Hello {displayName},

            A program administrator has made you a staff account on the GPT-5.6 preview portal ({portal}). You sign in with this email address, {to}, and a password you choose yourself. To choose it, open this link:

            {link}

            The link works once, for {Durations.Describe(lifetime)}. If it has run out, ask for a new one with "Forgot your password?" on the sign-in page.
            {Signature}
            """);

    public static OutgoingMail LockedOut(string to, string displayName, int failures, DateTimeOffset until, Uri forgotPassword) =>
        new(to, "Your GPT-5.6 preview portal account is locked for now",
            $"""
            Hello {displayName},

            After {failures} failed sign-in attempts, your preview portal account {to} is locked until {until.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC.

            If these attempts were not yours, someone may be guessing your password. You can unlock your account now, and make sure only you know the password, by choosing a new one here:

            {forgotPassword}
            {Signature}
            """);
}

/// <summary>"30 minutes", "3 days": how long a link works, in words.</summary>
public static class Durations
{
    public static string Describe(TimeSpan lifetime) =>
        lifetime.TotalDays >= 1 && lifetime.TotalDays % 1 == 0 ? Plural((int)lifetime.TotalDays, "day")
        : lifetime.TotalHours >= 1 && lifetime.TotalHours % 1 == 0 ? Plural((int)lifetime.TotalHours, "hour")
        : lifetime.TotalMinutes >= 1 ? Plural((int)lifetime.TotalMinutes, "minute")
        : Plural((int)Math.Max(1, lifetime.TotalSeconds), "second");

    private static string Plural(int count, string unit) => count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? string.Empty : "s");
}
