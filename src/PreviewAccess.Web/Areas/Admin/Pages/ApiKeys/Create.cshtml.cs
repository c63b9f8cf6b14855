using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.ApiKeys;

/// <summary>
/// Create an API key. The secret is rendered once, in the response to the POST itself (no redirect, nothing in
/// TempData), with <c>Cache-Control: no-store</c>; afterwards only its prefix is ever shown. One form makes one key:
/// sending it again (a reload of that response, a double click) says the key exists instead of making another.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class CreateModel(ApiKeyAdministration apiKeys, SecretFormSubmissions submissions) : AdminPageModel
{
    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public IReadOnlyList<ApiKeyOwnerOption> Owners { get; private set; } = [];

    /// <summary>Set only in the response to a successful POST.</summary>
    public CreatedApiKey? Created { get; private set; }

    /// <summary>Set when the form was sent again after it made its key: the name of that key, if known yet.</summary>
    public string? AlreadyCreated { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.OwnerId = CurrentUserId;
        Input.FormId = Guid.NewGuid();
        Owners = await apiKeys.OwnersAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var user = CurrentUserId ?? Guid.Empty;
        var form = Input.FormId ??= Guid.NewGuid();
        if (!submissions.TryClaim(user, form, out var createdName))
        {
            AlreadyCreated = createdName ?? string.Empty;
            return Page();
        }

        var outcome = await apiKeys.CreateAsync(new CreateApiKeyInput(Input.Name, Input.Scopes, Input.OwnerId ?? CurrentUserId), cancellationToken);
        if (outcome.Succeeded)
        {
            submissions.Created(user, form, outcome.Value!.Name);
            Created = outcome.Value;
            return Page();
        }

        submissions.Release(user, form);
        Owners = await apiKeys.OwnersAsync(cancellationToken);
        return Failure(outcome) ?? Page();
    }

    public sealed class CreateInput
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Scopes")]
        public List<string> Scopes { get; set; } = [];

        [Display(Name = "Owner")]
        public Guid? OwnerId { get; set; }

        /// <summary>This form's own id: one form makes one key.</summary>
        public Guid? FormId { get; set; }
    }
}
