using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>Page text through the one rule (<see cref="InputText"/>): <c>options.NormalizeTextInput()</c> in <c>AddMvcOptions</c>.</summary>
public static class TextInputBinding
{
    public static MvcOptions NormalizeTextInput(this MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelBinderProviders.Insert(0, new ControlCharacterBindingProvider());
        options.Filters.Add(new RefusedTextPageFilter());
        return options;
    }

    /// <summary>Set by the binder when it refused a value of this request.</summary>
    internal static readonly object RefusedKey = new();

    internal static bool HasRefusedText(HttpContext context) => context.Items.ContainsKey(RefusedKey);
}

/// <summary>
/// Form, route and query text of the pages arrives normalised by <see cref="InputText"/>, with the kind of its field
/// (<see cref="TextFields"/>): NFC, trimmed, line breaks as LF where a text area allows them. A value the rule refuses
/// (a NUL, another control character, a line break in a one-line field, a lone surrogate) is not bound: its field
/// gets the reason as its error, and the form shows what was typed. <see cref="RefusedTextPageFilter"/> keeps the
/// page's POST handler from acting without it.
/// </summary>
public sealed class ControlCharacterBindingProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Metadata.ModelType != typeof(string)) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        var name = context.Metadata.PropertyName ?? context.Metadata.ParameterName;
        return new NormalizingBinder(new SimpleTypeModelBinder(typeof(string), loggers), TextFields.KindOf(name));
    }

    private sealed class NormalizingBinder(IModelBinder inner, TextKind kind) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result is not { IsModelSet: true, Model: string text }) return;

            var normalized = InputText.Normalize(text, kind);
            if (normalized.Refusal is { } refusal)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, refusal);
                bindingContext.HttpContext.Items[TextInputBinding.RefusedKey] = true;
                // Bound as nothing, not as a failure: a list keeps its later rows (a failed row would end it).
                bindingContext.Result = ModelBindingResult.Success(null);
                return;
            }

            var value = normalized.Text!.Length == 0 && bindingContext.ModelMetadata.ConvertEmptyStringToNull ? null : normalized.Text;
            if (!ReferenceEquals(value, text)) bindingContext.Result = ModelBindingResult.Success(value);
        }
    }
}

/// <summary>
/// A page POST with a refused text value does not reach its handler: a handler would act on the field as if it were
/// empty (an optional field saved without it, a required one reported missing instead of refused). The page is shown
/// again as its GET handler builds it, with the posted values put back (its bound properties) and each refusal on its
/// field; a field shows what was typed from the model state, as the tag helpers do.
/// </summary>
public sealed class RefusedTextPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var method = context.HttpContext.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || !TextInputBinding.HasRefusedText(context.HttpContext))
        {
            await next();
            return;
        }

        context.Result = await ShowAgainAsync(context);
    }

    private static async Task<IActionResult> ShowAgainAsync(PageHandlerExecutingContext context)
    {
        var get = context.ActionDescriptor.HandlerMethods.FirstOrDefault(h => HttpMethods.IsGet(h.HttpMethod) && h.Name is null);
        if (get is null || context.HandlerInstance is null) return new PageResult();

        var posted = context.ActionDescriptor.BoundProperties.OfType<PageBoundPropertyDescriptor>()
            .Select(p => (p.Property, Value: p.Property.GetValue(context.HandlerInstance))).ToList();
        var arguments = get.Parameters.Select(p => ArgumentFor(context, p.Name, p.ParameterType)).ToArray();
        var returned = get.MethodInfo.Invoke(context.HandlerInstance, arguments);
        if (returned is Task task)
        {
            await task;
            returned = task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        }

        if (returned is IActionResult result and not PageResult) return result;
        foreach (var (property, value) in posted.Where(p => p.Property.CanWrite)) property.SetValue(context.HandlerInstance, value);
        return new PageResult();
    }

    /// <summary>What the GET handler's parameter would have been bound to: the POST handler's own argument, the route or the query.</summary>
    private static object? ArgumentFor(PageHandlerExecutingContext context, string name, Type type)
    {
        if (type == typeof(CancellationToken)) return context.HttpContext.RequestAborted;
        if (context.HandlerArguments.TryGetValue(name, out var bound) && bound is not null && type.IsInstanceOfType(bound)) return bound;
        var text = context.RouteData.Values.TryGetValue(name, out var routed) ? Convert.ToString(routed, System.Globalization.CultureInfo.InvariantCulture)
            : context.HttpContext.Request.Query.TryGetValue(name, out var queried) ? queried.ToString()
            : null;
        var converter = TypeDescriptor.GetConverter(type);
        if (text is not null && converter.CanConvertFrom(typeof(string)))
        {
            try
            {
                return converter.ConvertFromInvariantString(text);
            }
            catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException)
            {
                // Unreadable: the default below, as model binding would leave it.
            }
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
