using System.Collections;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// A read-only set of the few strings a grant or an enrollment names (models, emails, identifiers): a million grants
/// held in hash sets would cost several times the memory for no gain at that size. The set operations the decision
/// never uses go through a <see cref="HashSet{T}"/> made for the call.
/// </summary>
internal abstract class SmallSet : IReadOnlySet<string>
{
    public abstract int Count { get; }

    public abstract bool Contains(string item);

    public abstract IEnumerator<string> GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => ToSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => ToSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => ToSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => ToSet().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => ToSet().Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => ToSet().SetEquals(other);

    private HashSet<string> ToSet() => new(this, StringComparer.Ordinal);
}

/// <summary>A small set over an array of strings.</summary>
internal sealed class ArraySet(string[] items) : SmallSet
{
    public override int Count => items.Length;

    public override bool Contains(string item) => Array.IndexOf(items, item) >= 0;

    public override IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)items).GetEnumerator();
}

/// <summary>
/// A small set over a range of key numbers of a <see cref="KeyTable"/>: asking whether it holds a string compares the
/// string's bytes with its few keys', and no string is made unless the set is enumerated. The access check asks one
/// question of a grant's emails and never enumerates them.
/// </summary>
internal sealed class KeySet(KeyTable keys, int[] ids, int start, int count) : SmallSet
{
    public override int Count => count;

    public override bool Contains(string item) => keys.IsOneOf(item, ids.AsSpan(start, count));

    public override IEnumerator<string> GetEnumerator()
    {
        for (var i = start; i < start + count; i++) yield return keys.KeyAt(ids[i]);
    }
}
