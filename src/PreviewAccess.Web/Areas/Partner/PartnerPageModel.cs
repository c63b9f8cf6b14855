using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Partner;

/// <summary>
/// A page of the partners' area. The organization is the signed-in partner's own, read from their sign-in
/// (the area's policy guarantees the claim): no partner page takes an organization from the URL.
/// </summary>
public abstract class PartnerPageModel : PageModel
{
    protected Guid OrganizationId => Guid.TryParse(User.FindFirstValue(PortalClaims.OrganizationId), out var id) ? id : Guid.Empty;

    protected Guid UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    protected string UserEmail => User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? string.Empty;

    protected string UserDisplayName => User.FindFirstValue(PortalClaims.DisplayName) ?? UserEmail;
}

/// <summary>Puts a use case's field errors (camelCase keys, e.g. <c>apiOrganizationIds[1]</c>) on the form fields that caused them.</summary>
public static class FormErrors
{
    /// <summary>
    /// <c>apiOrganizationIds[1]</c> → <c>Input.ApiOrganizationIds[1]</c> when <typeparamref name="TInput"/> has that
    /// property; an error on a field the form does not have goes to the top of the form.
    /// </summary>
    public static void AddTo<TInput>(ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (key, messages) in errors)
        {
            var field = FieldFor<TInput>(key, prefix);
            foreach (var message in messages) modelState.AddModelError(field, message);
        }
    }

    public static string FieldFor<TInput>(string key, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(key);
        var pascal = string.Join('.', key.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        var property = pascal.Split('.', '[')[0];
        var known = typeof(TInput).GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is not null;
        return known ? $"{prefix}.{pascal}" : string.Empty;
    }
}
