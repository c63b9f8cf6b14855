namespace PreviewAccess.Web.Areas.Admin.Pages.Settings;

/// <summary>
/// One text field of the settings page (<c>_SettingsField</c>): its label, what it shows, and its error, which marks the
/// field <c>aria-invalid</c> and is announced with it (<c>aria-describedby</c>).
/// </summary>
/// <param name="Prefix">Shown before the value inside the field's group, e.g. <c>$</c>.</param>
/// <param name="Suffix">Shown after it, e.g. <c>× input</c>.</param>
/// <param name="Button">A submit button joined to the field (a one-field form), e.g. <c>Add</c>.</param>
public sealed record SettingsField(string Name, string Id, string Label, string Value, string? Error,
    string? Help = null, string? Prefix = null, string? Suffix = null, string InputMode = "decimal", int MaxLength = 40, string CssClass = "settings-number",
    string? Button = null);
