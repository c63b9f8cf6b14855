using System.Collections;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// A read-only set over a small array: a grant names a handful of models and emails, and a million grants
/// held in hash sets would cost several times the memory for no gain at that size.
/// </summary>
internal sealed class ArraySet(string[] items) : IReadOnlySet<string>
{
    public int Count => items.Length;

    public bool Contains(string item) => Array.IndexOf(items, item) >= 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => ToSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => ToSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => ToSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => ToSet().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => ToSet().Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => ToSet().SetEquals(other);

    private HashSet<string> ToSet() => new(items, StringComparer.Ordinal);
}
