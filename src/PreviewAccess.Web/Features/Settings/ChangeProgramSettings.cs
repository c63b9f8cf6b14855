using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Settings;

/// <summary>A model's new list prices, as typed, against the model's version the admin saw.</summary>
public sealed record SetModelPricesInput(string? ModelId, int? Version, string? InputPerMillion, string? OutputPerMillion);

/// <summary>A new model of the catalog, with its list prices as typed.</summary>
public sealed record AddModelInput(string? ModelId, string? Name, string? InputPerMillion, string? OutputPerMillion);

public sealed record SetCacheMultipliersInput(int? Version, string? CacheWriteMultiplier, string? CacheReadMultiplier);

public sealed record UnsupportedCountryInput(string? Code);

public sealed record SetPhaseInput(int? Version, string? Phase);

public sealed record SetSecondApprovalInput(int? Version, bool Required);

/// <summary>Amounts and multipliers as people type them: <c>2.50</c>, <c>$2.50</c>, <c>1,000</c>, <c>1.25×</c>.</summary>
public static class SettingsNumbers
{
    public const string PriceExpected = "Enter the price in US dollars per 1M tokens, e.g. 2.50.";

    public const string MultiplierExpected = "Enter a number, e.g. 1.25.";

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        var number = text.Trim();
        if (number.StartsWith('$')) number = number[1..];
        if (number.EndsWith('×') || number.EndsWith('x')) number = number[..^1];
        return decimal.TryParse(number.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands,
            CultureInfo.InvariantCulture, out value);
    }

    public static decimal Parse(string? text) => TryParse(text, out var value) ? value : throw new FormatException("Validated before parsing.");

    /// <summary>An amount as it goes back into a form field: every digit it has, no trailing zeros past the cents.</summary>
    public static string ForField(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>A multiplier as it goes back into a form field: <c>1.25</c>, <c>0.10</c>.</summary>
    public static string MultiplierForField(decimal value) => Vocabulary.Multiplier(value);

    internal static IRuleBuilderOptions<T, string?> IsAPrice<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => TryParse(text, out _)).WithMessage(PriceExpected);

    internal static IRuleBuilderOptions<T, string?> IsAMultiplier<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => TryParse(text, out _)).WithMessage(MultiplierExpected);
}

public sealed class SetModelPricesValidator : AbstractValidator<SetModelPricesInput>
{
    public SetModelPricesValidator()
    {
        RuleFor(x => x.InputPerMillion).IsAPrice();
        RuleFor(x => x.OutputPerMillion).IsAPrice();
    }
}

public sealed class AddModelValidator : AbstractValidator<AddModelInput>
{
    public AddModelValidator()
    {
        RuleFor(x => x.InputPerMillion).IsAPrice();
        RuleFor(x => x.OutputPerMillion).IsAPrice();
    }
}

public sealed class SetCacheMultipliersValidator : AbstractValidator<SetCacheMultipliersInput>
{
    public SetCacheMultipliersValidator()
    {
        RuleFor(x => x.CacheWriteMultiplier).IsAMultiplier();
        RuleFor(x => x.CacheReadMultiplier).IsAMultiplier();
    }
}

public sealed class SetPhaseValidator : AbstractValidator<SetPhaseInput>
{
    public SetPhaseValidator() =>
        RuleFor(x => x.Phase).Must(p => p is not null && !int.TryParse(p, out _) && Enum.TryParse<ProgramPhase>(p, ignoreCase: false, out _))
            .WithMessage("Choose the program's phase: preview or general availability.");
}

/// <summary>
/// The admin's changes to the program's settings (DOMAIN.md: program settings are the admin's): a model's prices, a new
/// model, the prompt-caching multipliers, the unsupported countries, the phase and second approval. Each is one unit of
/// work: asked of <see cref="ProgramRules"/>, held to the version the admin saw, refused by the domain's rules on the
/// field they concern, and audited with the fields it changed, before and after. A change that changes nothing writes
/// nothing. Everything that reads a setting reads it from the database when it needs it, so a change holds from the next
/// request on, on every instance; no estimate is stored anywhere, so none is ever priced again.
/// </summary>
public sealed class ChangeProgramSettings(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ProgramPermissions permissions)
{
    private const string SettingsSubject = "ProgramSettings";

    /// <returns>Whether anything changed.</returns>
    public async Task<Outcome<bool>> SetModelPricesAsync(SetModelPricesInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        var validation = await new SetModelPricesValidator().ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation);
        var (inputPrice, outputPrice) = (SettingsNumbers.Parse(input.InputPerMillion), SettingsNumbers.Parse(input.OutputPerMillion));
        var modelId = input.ModelId?.Trim() ?? string.Empty;
        return await RunAsync(async ct =>
        {
            var model = await db.Models.SingleOrDefaultAsync(m => m.ModelId == modelId, ct);
            if (model is null) return Outcome<bool>.NotFound("No such model.");
            if (Stale(model.Version, input.Version) is { } stale) return stale;
            var before = (model.InputPerMillion, model.OutputPerMillion);
            model.SetPrices(inputPrice, outputPrice);
            var (inputChanged, outputChanged) = (before.InputPerMillion != model.InputPerMillion, before.OutputPerMillion != model.OutputPerMillion);
            if (!inputChanged && !outputChanged) return Outcome<bool>.Success(false);
            audit.Record(AuditAction.ModelPricesChanged, "Model", model.Id,
                new { model.ModelId, InputPerMillion = inputChanged ? before.InputPerMillion : (decimal?)null, OutputPerMillion = outputChanged ? before.OutputPerMillion : (decimal?)null },
                new { model.ModelId, InputPerMillion = inputChanged ? model.InputPerMillion : (decimal?)null, OutputPerMillion = outputChanged ? model.OutputPerMillion : (decimal?)null },
                organizationId: null);
            return Outcome<bool>.Success(true);
        }, cancellationToken);
    }

    public async Task<Outcome<bool>> AddModelAsync(AddModelInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        var validation = await new AddModelValidator().ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation);
        return await RunAsync(async ct =>
        {
            var model = new PreviewModel(input.ModelId ?? string.Empty, input.Name ?? string.Empty,
                SettingsNumbers.Parse(input.InputPerMillion), SettingsNumbers.Parse(input.OutputPerMillion));
            if (await db.Models.AnyAsync(m => m.ModelId == model.ModelId, ct)) return Outcome<bool>.Invalid("modelId", $"The catalog already has a model {model.ModelId}.");
            db.Models.Add(model);
            audit.Record(AuditAction.ModelAdded, "Model", model.Id, null, new { model.ModelId, model.Name, model.InputPerMillion, model.OutputPerMillion }, organizationId: null);
            return Outcome<bool>.Success(true);
        }, cancellationToken);
    }

    public async Task<Outcome<bool>> SetCacheMultipliersAsync(SetCacheMultipliersInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        var validation = await new SetCacheMultipliersValidator().ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation);
        var (write, read) = (SettingsNumbers.Parse(input.CacheWriteMultiplier), SettingsNumbers.Parse(input.CacheReadMultiplier));
        return await ChangeSettingsAsync(input.Version, AuditAction.ProgramSettingsCacheMultipliersChanged, settings =>
        {
            var before = settings.CacheMultipliers;
            settings.SetCacheMultipliers(write, read);
            var after = settings.CacheMultipliers;
            var (writeChanged, readChanged) = (before.Write != after.Write, before.Read != after.Read);
            return !writeChanged && !readChanged
                ? null
                : (new { CacheWriteMultiplier = writeChanged ? before.Write : (decimal?)null, CacheReadMultiplier = readChanged ? before.Read : (decimal?)null },
                    new { CacheWriteMultiplier = writeChanged ? after.Write : (decimal?)null, CacheReadMultiplier = readChanged ? after.Read : (decimal?)null });
        }, cancellationToken);
    }

    public async Task<Outcome<bool>> SetPhaseAsync(SetPhaseInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        var validation = await new SetPhaseValidator().ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<bool>.Invalid(validation);
        var phase = Enum.Parse<ProgramPhase>(input.Phase!);
        return await ChangeSettingsAsync(input.Version, AuditAction.ProgramSettingsPhaseChanged, settings =>
        {
            var before = settings.Phase;
            settings.MoveTo(phase);
            return before == settings.Phase ? null : (new { Phase = before }, new { settings.Phase });
        }, cancellationToken);
    }

    public async Task<Outcome<bool>> SetSecondApprovalAsync(SetSecondApprovalInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        return await ChangeSettingsAsync(input.Version, AuditAction.ProgramSettingsSecondApprovalChanged, settings =>
        {
            var before = settings.RequireSecondApproval;
            settings.SetSecondApproval(input.Required);
            return before == settings.RequireSecondApproval ? null : (new { RequireSecondApproval = before }, new { settings.RequireSecondApproval });
        }, cancellationToken);
    }

    public async Task<Outcome<bool>> AddUnsupportedCountryAsync(UnsupportedCountryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        return await RunAsync(async ct =>
        {
            var listed = await ListedCountriesAsync(ct);
            var country = UnsupportedCountry.Add(input.Code, listed);
            db.UnsupportedCountries.Add(country);
            audit.Record(AuditAction.ProgramSettingsUnsupportedCountryAdded, SettingsSubject, ProgramSettings.SingletonId,
                new { UnsupportedCountries = listed.Order(StringComparer.Ordinal).ToList() },
                new { UnsupportedCountries = listed.Append(country.Code).Order(StringComparer.Ordinal).ToList() }, organizationId: null);
            return Outcome<bool>.Success(true);
        }, cancellationToken);
    }

    public async Task<Outcome<bool>> RemoveUnsupportedCountryAsync(UnsupportedCountryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal() is { } refused) return refused;
        var code = Countries.Normalize(input.Code ?? string.Empty);
        return await RunAsync(async ct =>
        {
            var listed = await ListedCountriesAsync(ct);
            var country = await db.UnsupportedCountries.SingleOrDefaultAsync(c => c.Code == code, ct);
            if (country is null) return Outcome<bool>.Conflict($"{code} is not an unsupported country (any more): someone may have removed it meanwhile.");
            db.UnsupportedCountries.Remove(country);
            audit.Record(AuditAction.ProgramSettingsUnsupportedCountryRemoved, SettingsSubject, ProgramSettings.SingletonId,
                new { UnsupportedCountries = listed.Order(StringComparer.Ordinal).ToList() },
                new { UnsupportedCountries = listed.Where(c => c != code).Order(StringComparer.Ordinal).ToList() }, organizationId: null);
            return Outcome<bool>.Success(true);
        }, cancellationToken);
    }

    private Outcome<bool>? Refusal() =>
        permissions.Refusal(ProgramAction.ChangeProgramSettings) is { } refusal ? Outcome<bool>.Forbidden(refusal) : null;

    private static Outcome<bool>? Stale(int current, int? seen) =>
        seen is { } version && version != current ? Outcome<bool>.Conflict(Outcome.ChangedMeanwhile) : null;

    private async Task<HashSet<string>> ListedCountriesAsync(CancellationToken cancellationToken) =>
        (await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <param name="change">Changes the settings and returns what it changed, before and after; null when nothing changed.</param>
    private Task<Outcome<bool>> ChangeSettingsAsync(int? seenVersion, AuditAction action, Func<ProgramSettings, (object Before, object After)?> change,
        CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            var settings = await db.ProgramSettings.SingleAsync(ct);
            if (Stale(settings.Version, seenVersion) is { } stale) return stale;
            if (change(settings) is not { } changed) return Outcome<bool>.Success(false);
            audit.Record(action, SettingsSubject, settings.Id, changed.Before, changed.After, organizationId: null);
            return Outcome<bool>.Success(true);
        }, cancellationToken);

    /// <summary>
    /// One unit of work, the way every write use case ends (<see cref="UseCaseTransactions.RunUseCaseAsync{T}"/>). Besides,
    /// a model or a country another admin added at the same moment (a unique key the insert ran into) says someone
    /// else changed it, rather than failing the request.
    /// </summary>
    private async Task<Outcome<bool>> RunAsync(Func<CancellationToken, Task<Outcome<bool>>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.RunUseCaseAsync(work, cancellationToken);
        }
        catch (DbUpdateException failure) when (failure is not DbUpdateConcurrencyException && !DatabaseFaults.IsUnavailable(failure))
        {
            db.DiscardChanges();
            return Outcome<bool>.Conflict(Outcome.ChangedMeanwhile);
        }
    }
}
