using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Catalog;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>
/// The cost estimator. A calculation changes nothing, so the form is a GET: the answer has an address a partner
/// can bookmark or share, and the form keeps what was typed.
/// </summary>
public sealed class CostModel(CostEstimator estimator) : PartnerPageModel
{
    [BindProperty(SupportsGet = true)]
    public CostInput Input { get; set; } = new();

    public IReadOnlyList<PreviewModel> Models { get; private set; } = [];

    public CostEstimateResult? Result { get; private set; }

    /// <summary>The program's cache multipliers now, for the explanations beside the fields.</summary>
    public CacheMultipliers Multipliers { get; private set; } = CacheMultipliers.Notice;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Models = await estimator.ModelsAsync(cancellationToken);
        Multipliers = await estimator.MultipliersAsync(cancellationToken);
        if (Input.ModelId is null)
        {
            // First visit: an example to start from, not an answer yet.
            Input = new CostInput { ModelId = Models.Count > 0 ? Models[0].ModelId : null, UncachedInputTokens = "1,000,000", CacheWriteTokens = "0", CacheReadTokens = "0", OutputTokens = "100,000" };
            ModelState.Clear();
            return Page();
        }

        var outcome = await estimator.EstimateAsync(new CostEstimateInput(Input.ModelId, Input.UncachedInputTokens, Input.CacheWriteTokens, Input.CacheReadTokens, Input.OutputTokens), cancellationToken);
        if (!outcome.Succeeded) return Failure(outcome) ?? Page();
        Result = outcome.Value;
        return Page();
    }

    public sealed class CostInput
    {
        public string? ModelId { get; set; }

        public string? UncachedInputTokens { get; set; }

        public string? CacheWriteTokens { get; set; }

        public string? CacheReadTokens { get; set; }

        public string? OutputTokens { get; set; }
    }
}
