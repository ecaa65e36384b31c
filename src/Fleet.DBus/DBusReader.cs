using System.Buffers.Binary;
using System.Text;

namespace Fleet.DBus;

/// <summary>Unmarshals values from the D-Bus wire format, driven by a type signature.</summary>
/// <remarks>
/// Returned shapes: the CLR primitive of each basic type, <see cref="DBusObjectPath"/> for <c>o</c>, string for
/// <c>s</c> and <c>g</c>, <see cref="DBusVariant"/> for <c>v</c>, <c>object[]</c> for structs and arrays, and
/// <c>Dictionary&lt;object, object&gt;</c> for <c>a{..}</c>. Alignment is relative to <c>alignmentBase</c>.
/// </remarks>
public sealed class DBusReader
{
    private const int MaxDepth = 64;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _littleEndian;
    private readonly int _alignmentBase;
    private int _position;

    /// <summary>Creates a reader.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="littleEndian">Whether the message is little-endian (<c>l</c>) or big-endian (<c>B</c>).</param>
    /// <param name="alignmentBase">The offset of <paramref name="data"/>'s first byte within the message, for alignment.</param>
    public DBusReader(ReadOnlyMemory<byte> data, bool littleEndian = true, int alignmentBase = 0)
    {
        _data = data;
        _littleEndian = littleEndian;
        _alignmentBase = alignmentBase;
    }

    /// <summary>Gets the current offset in the data.</summary>
    public int Position => _position;

    /// <summary>Reads values for a signature of any number of complete types.</summary>
    /// <exception cref="DBusProtocolException">The data is truncated or malformed.</exception>
    public object[] ReadAll(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var types = DBusSignature.Split(signature);
        var values = new object[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            values[i] = Read(types[i]);
        }

        return values;
    }

    /// <summary>Reads one value of a single complete type.</summary>
    /// <exception cref="DBusProtocolException">The data is truncated or malformed.</exception>
    public object Read(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ReadValue(type, 0);
    }

    /// <summary>Skips padding to a multiple of <paramref name="alignment"/>.</summary>
    public void Align(int alignment)
    {
        var absolute = _alignmentBase + _position;
        var padding = (alignment - (absolute % alignment)) % alignment;
        Need(padding);
        _position += padding;
    }

    /// <summary>Reads an aligned unsigned 32-bit integer.</summary>
    public uint ReadUInt32()
    {
        Align(4);
        var span = Take(4);
        return _littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
    }

    private object ReadValue(string type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DBusProtocolException($"Value nesting deeper than {MaxDepth} levels at offset {_position}.");
        }

        switch (type[0])
        {
            case 'y': return Take(1)[0];
            case 'b':
                var b = ReadUInt32();
                return b switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new DBusProtocolException($"Boolean value {b} at offset {_position - 4} is neither 0 nor 1."),
                };
            case 'n': Align(2); return _littleEndian ? BinaryPrimitives.ReadInt16LittleEndian(Take(2)) : BinaryPrimitives.ReadInt16BigEndian(Take(2));
            case 'q': Align(2); return _littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(Take(2)) : BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            case 'i': Align(4); return _littleEndian ? BinaryPrimitives.ReadInt32LittleEndian(Take(4)) : BinaryPrimitives.ReadInt32BigEndian(Take(4));
            case 'u' or 'h': return ReadUInt32();
            case 'x': Align(8); return _littleEndian ? BinaryPrimitives.ReadInt64LittleEndian(Take(8)) : BinaryPrimitives.ReadInt64BigEndian(Take(8));
            case 't': Align(8); return _littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(Take(8)) : BinaryPrimitives.ReadUInt64BigEndian(Take(8));
            case 'd': Align(8); return _littleEndian ? BinaryPrimitives.ReadDoubleLittleEndian(Take(8)) : BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case 's': return ReadString();
            case 'o': return new DBusObjectPath(ReadString());
            case 'g': return ReadSignature();
            case 'v':
                var signature = ReadSignature();
                if (signature.Length == 0 || DBusSignature.EndOfCompleteType(signature, 0) != signature.Length)
                {
                    throw new DBusProtocolException($"Variant signature '{signature}' at offset {_position} is not a single complete type.");
                }

                return new DBusVariant(signature, ReadValue(signature, depth + 1));
            case '(':
                Align(8);
                var members = DBusSignature.Split(type[1..^1]);
                var fields = new object[members.Count];
                for (var i = 0; i < members.Count; i++)
                {
                    fields[i] = ReadValue(members[i], depth + 1);
                }

                return fields;
            case 'a':
                return ReadArray(type[1..], depth);
            default:
                throw new DBusProtocolException($"D-Bus type '{type}' cannot be read.");
        }
    }

    private object ReadArray(string element, int depth)
    {
        var length = ReadUInt32();
        if (length > 64 * 1024 * 1024)
        {
            throw new DBusProtocolException($"Array length {length} at offset {_position - 4} exceeds the 64 MiB limit.");
        }

        Align(DBusSignature.Alignment(element[0]));
        var end = _position + (int)length;
        Need((int)length);
        if (element[0] == '{')
        {
            var key = element[1..DBusSignature.EndOfCompleteType(element, 1)];
            var value = element[(1 + key.Length)..^1];
            var dict = new Dictionary<object, object>();
            while (_position < end)
            {
                Align(8);
                var k = ReadValue(key, depth + 1);
                dict[k] = ReadValue(value, depth + 1);
            }

            return dict;
        }

        var items = new List<object>();
        while (_position < end)
        {
            items.Add(ReadValue(element, depth + 1));
        }

        if (_position != end)
        {
            throw new DBusProtocolException($"Array elements overran the array's length {length} (ended at offset {_position}, expected {end}).");
        }

        return items.ToArray();
    }

    private string ReadString()
    {
        var length = ReadUInt32();
        Need((int)Math.Min(length + 1L, int.MaxValue));
        var text = Encoding.UTF8.GetString(_data.Span.Slice(_position, (int)length));
        _position += (int)length;
        if (Take(1)[0] != 0)
        {
            throw new DBusProtocolException($"String at offset {_position - length - 1} is not NUL-terminated.");
        }

        return text;
    }

    private string ReadSignature()
    {
        var length = Take(1)[0];
        var text = Encoding.ASCII.GetString(Take(length));
        if (Take(1)[0] != 0)
        {
            throw new DBusProtocolException($"Signature at offset {_position - length - 2} is not NUL-terminated.");
        }

        return text;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        Need(count);
        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private void Need(int count)
    {
        if (count < 0 || _position + count > _data.Length)
        {
            throw new DBusProtocolException($"Data truncated: {count} bytes needed at offset {_position} but only {_data.Length - _position} remain.");
        }
    }
}
