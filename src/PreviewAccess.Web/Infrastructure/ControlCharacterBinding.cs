using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// Form and query text arrives without control characters other than tab and line breaks. A NUL is never
/// meaningful in what a person types, and PostgreSQL refuses to store one: left in, it would turn a form
/// post into a server error instead of a saved value or a field error.
/// </summary>
public sealed class ControlCharacterBindingProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Metadata.ModelType != typeof(string)) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new ControlCharacterBinder(new SimpleTypeModelBinder(typeof(string), loggers));
    }

    private sealed class ControlCharacterBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result is { IsModelSet: true, Model: string text } && text.Any(IsUnwanted))
            {
                bindingContext.Result = ModelBindingResult.Success(new string(text.Where(c => !IsUnwanted(c)).ToArray()));
            }
        }

        private static bool IsUnwanted(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
    }
}
