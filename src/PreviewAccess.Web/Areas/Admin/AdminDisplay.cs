using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Areas.Admin;

/// <summary>
/// Forwards the staff page models' few calls to <see cref="Vocabulary"/>, which alone says how things read.
/// Kept only until those page models call <see cref="Vocabulary"/> themselves; add nothing here.
/// </summary>
public static class AdminDisplay
{
    public static string Role(string role) => Vocabulary.Role(role);

    public static string Day(DateTimeOffset at) => Vocabulary.Day(at);

    public static string Day(DateOnly day) => Vocabulary.Day(day);

    public static string Moment(DateTimeOffset at) => Vocabulary.Moment(at);

    public static string Plural(int count, string noun) => Vocabulary.Plural(count, noun);
}
