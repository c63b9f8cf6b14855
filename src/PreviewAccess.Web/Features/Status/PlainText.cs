namespace PreviewAccess.Web.Features.Status;

/// <summary>
/// What a person may type into a partner form. Control characters (a NUL above all, which PostgreSQL refuses in text)
/// have no business in a name, an email or a message: they are a field error, never a failed save.
/// </summary>
public static class PlainText
{
    public const string Refused = "This contains control characters that cannot be used here. Remove them and try again.";

    /// <param name="multiline">Line breaks and tabs are fine in a message, not in a name or an identifier.</param>
    public static bool IsClean(string? text, bool multiline = false) =>
        text is null || !text.Any(c => char.IsControl(c) && !(multiline && c is '\r' or '\n' or '\t'));
}
