using System.Buffers;
using System.Text;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// The distinct identifiers (or emails) of the snapshot, each with the organizations that know it. Keys are held as
/// UTF-8 in one byte array and found through an open-addressing index of key numbers: a million keys as .NET
/// strings in a <see cref="Dictionary{TKey, TValue}"/> took ≈100 bytes each, this takes about a third of that and
/// no object per key. A key is nearly always known by one organization: the first (the oldest) sits in an array, and
/// only keys shared by several organizations have a list, oldest first.
/// </summary>
internal sealed class KeyTable
{
    /// <summary>Strict: a string that is not valid UTF-16 has no UTF-8 form, and so can be no key.</summary>
    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int StackLimit = 512;

    private readonly byte[] _bytes;
    private readonly int[] _starts;
    private readonly int[] _slots;
    private readonly int[] _firstOwner;
    private readonly Dictionary<int, int[]> _moreOwners;

    /// <summary>
    /// A slot holds key number + 1 in its low 24 bits (0: empty) and 8 bits of the key's hash above them: a probe
    /// compares a key's bytes (two reads far apart in memory) only when those 8 bits match.
    /// </summary>
    internal const int MaxKeys = (1 << 24) - 2;

    private const int IdBits = 24;
    private const int IdMask = (1 << IdBits) - 1;

    /// <param name="starts">Where each key begins in <paramref name="bytes"/>; one more entry than keys, the end.</param>
    /// <param name="slots">Each key at the first free slot from its hash (see <see cref="MaxKeys"/>); a power of two long.</param>
    internal KeyTable(byte[] bytes, int[] starts, int[] slots, int[] firstOwner, Dictionary<int, int[]> moreOwners) =>
        (_bytes, _starts, _slots, _firstOwner, _moreOwners) = (bytes, starts, slots, firstOwner, moreOwners);

    public int Count => _firstOwner.Length;

    /// <summary>The key's number, or -1.</summary>
    public int Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var most = Utf8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = most <= StackLimit ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            return Find(buffer[..Utf8.GetBytes(key, buffer)]);
        }
        catch (EncoderFallbackException)
        {
            return -1;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public string KeyAt(int key) => Utf8.GetString(Bytes(key));

    /// <summary>The oldest organization that knows the key.</summary>
    public int FirstOwner(int key) => _firstOwner[key];

    /// <summary>The owners after the first, oldest first; empty for the nearly all keys one organization knows.</summary>
    public int[] MoreOwners(int key) => _moreOwners.TryGetValue(key, out var owners) ? owners : [];

    private int Find(ReadOnlySpan<byte> key) => Probe(_slots, key, Hash(key), _bytes, _starts, out var slot) ? IdAt(_slots[slot]) : -1;

    internal static int IdAt(int slot) => (slot & IdMask) - 1;

    internal static int Slot(int id, int hash) => (hash & ~IdMask) | (id + 1);

    private ReadOnlySpan<byte> Bytes(int key) => _bytes.AsSpan(_starts[key], _starts[key + 1] - _starts[key]);

    /// <summary>Hashes are per process (<see cref="HashCode"/> is seeded at random), so a caller cannot aim keys at one slot.</summary>
    internal static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }

    /// <summary>True with the key's slot if it is held; false with the empty slot where it would go.</summary>
    internal static bool Probe(int[] slots, ReadOnlySpan<byte> key, int hash, byte[] bytes, int[] starts, out int slot)
    {
        var fingerprint = hash & ~IdMask;
        var mask = slots.Length - 1;
        for (slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0) return false;
            if ((entry & ~IdMask) != fingerprint) continue;
            var id = IdAt(entry);
            if (bytes.AsSpan(starts[id], starts[id + 1] - starts[id]).SequenceEqual(key)) return true;
        }
    }
}

/// <summary>Collects a <see cref="KeyTable"/>'s keys as they stream in: each new key is encoded once and its string dropped.</summary>
internal sealed class KeyTableBuilder
{
    private const int MinimumSlots = 16;

    private byte[] _bytes;
    private int _length;
    private int[] _starts;
    private int[] _firstOwner;
    private int _count;
    private int[] _slots;
    private byte[] _scratch = new byte[256];
    private readonly Dictionary<int, List<int>> _moreOwners = [];

    /// <param name="capacity">The keys expected: the tables are sized once for them, and grow if there are more.</param>
    /// <param name="bytesPerKey">The expected average length of a key in UTF-8.</param>
    public KeyTableBuilder(int capacity, int bytesPerKey)
    {
        capacity = Math.Max(capacity, 1);
        _bytes = new byte[capacity * bytesPerKey];
        _starts = new int[capacity + 1];
        _firstOwner = new int[capacity];
        _slots = new int[SlotsFor(capacity)];
    }

    public int Intern(string key)
    {
        var most = KeyTable.Utf8.GetMaxByteCount(key.Length);
        if (_scratch.Length < most) _scratch = new byte[most];
        var encoded = _scratch.AsSpan(0, KeyTable.Utf8.GetBytes(key, _scratch));
        _starts[_count] = _length;
        var hash = KeyTable.Hash(encoded);
        if (KeyTable.Probe(_slots, encoded, hash, _bytes, _starts, out var slot)) return KeyTable.IdAt(_slots[slot]);
        if (_count == KeyTable.MaxKeys) throw new InvalidOperationException($"The access snapshot holds at most {KeyTable.MaxKeys:N0} distinct identifiers or emails.");

        if (_count + 1 >= _starts.Length) Grow(ref _starts, _count + 2);
        if (_count >= _firstOwner.Length) Grow(ref _firstOwner, _count + 1);
        if (_length + encoded.Length > _bytes.Length) Grow(ref _bytes, _length + encoded.Length);
        encoded.CopyTo(_bytes.AsSpan(_length));
        var id = _count++;
        _length += encoded.Length;
        _starts[_count] = _length;
        _firstOwner[id] = -1;
        _slots[slot] = KeyTable.Slot(id, hash);
        if (_count * 4 > _slots.Length * 3) Rehash();
        return id;
    }

    public void AddOwner(int key, int organization)
    {
        var first = _firstOwner[key];
        if (first == organization) return;
        if (first < 0)
        {
            _firstOwner[key] = organization;
            return;
        }

        if (!_moreOwners.TryGetValue(key, out var more)) _moreOwners[key] = more = [];
        if (!more.Contains(organization)) more.Add(organization);
    }

    /// <summary>The table, its arrays trimmed to what they hold; each key's owners sorted oldest first.</summary>
    public KeyTable Build(Comparison<int> compareAge)
    {
        var firstOwner = _firstOwner.Length == _count ? _firstOwner : _firstOwner[.._count];
        var moreOwners = new Dictionary<int, int[]>(_moreOwners.Count);
        foreach (var (key, more) in _moreOwners)
        {
            int[] owners = [firstOwner[key], .. more];
            Array.Sort(owners, compareAge);
            firstOwner[key] = owners[0];
            moreOwners[key] = owners[1..];
        }

        return new KeyTable(Trimmed(_bytes, _length), Trimmed(_starts, _count + 1), _slots, firstOwner, moreOwners);
    }

    /// <summary>At most three quarters full, a power of two long.</summary>
    private static int SlotsFor(int keys) => Math.Max(MinimumSlots, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(keys + keys / 3 + 1)));

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        for (var id = 0; id < _count; id++)
        {
            var key = _bytes.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);
            var hash = KeyTable.Hash(key);
            KeyTable.Probe(slots, key, hash, _bytes, _starts, out var slot);
            slots[slot] = KeyTable.Slot(id, hash);
        }

        _slots = slots;
    }

    private static void Grow<T>(ref T[] array, int needed) => Array.Resize(ref array, Math.Max(needed, array.Length * 2));

    /// <summary>The array itself when it is (nearly) full: a copy only to give back more than an eighth of it.</summary>
    private static T[] Trimmed<T>(T[] array, int length) => array.Length - length > array.Length / 8 ? array[..length] : array;
}
