using System.Globalization;

namespace PreviewAccess.Web.Features.Common;

/// <summary>One date format everywhere ("3 Dec 2026"); times are UTC and say so ("3 Dec 2026, 09:30 UTC").</summary>
public static partial class Vocabulary
{
    private const string DayFormat = "d MMM yyyy";

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static string Moment(DateTimeOffset at) => at.UtcDateTime.ToString(DayFormat + ", HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A moment that may not have happened: "—" when it has not.</summary>
    public static string Moment(DateTimeOffset? at) => at is { } value ? Moment(value) : "—";

    /// <summary>To the second, where a second matters: the timestamp of a failed request a partner reports.</summary>
    public static string MomentToTheSecond(DateTimeOffset at) => at.UtcDateTime.ToString(DayFormat + ", HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"3 days", "5 hours": how long something has waited.</summary>
    public static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 ? Plural((int)span.TotalHours, "hour") : Plural(Math.Max(0, (int)span.TotalMinutes), "minute");

    /// <summary>"1 grant", "3 grants".</summary>
    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
