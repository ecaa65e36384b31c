using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Fleet.DBus;

/// <summary>Marshals values into the D-Bus wire format (little-endian), driven by a type signature.</summary>
/// <remarks>
/// Value shapes: <c>y</c> byte, <c>b</c> bool, <c>n</c> short, <c>q</c> ushort, <c>i</c> int, <c>u</c> uint,
/// <c>x</c> long, <c>t</c> ulong, <c>d</c> double, <c>s</c>/<c>g</c> string, <c>o</c> <see cref="DBusObjectPath"/> or string,
/// <c>v</c> <see cref="DBusVariant"/>, arrays any <see cref="IEnumerable"/>, dicts (<c>a{..}</c>) an <see cref="IDictionary"/>,
/// structs an <c>object[]</c>. Offsets are aligned relative to the start of the buffer, which must itself sit
/// at an 8-byte boundary of the message.
/// </remarks>
public sealed class DBusWriter
{
    private byte[] _buffer = new byte[256];

    /// <summary>Gets the number of bytes written.</summary>
    public int Length { get; private set; }

    /// <summary>Gets a copy of the bytes written.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    /// <summary>Writes values for a signature of any number of complete types.</summary>
    /// <exception cref="DBusProtocolException">The signature is malformed, or a value does not fit its type.</exception>
    public void WriteAll(string signature, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(values);
        var types = DBusSignature.Split(signature);
        if (types.Count != values.Count)
        {
            throw new DBusProtocolException($"Signature '{signature}' has {types.Count} types but {values.Count} values were given.");
        }

        for (var i = 0; i < types.Count; i++)
        {
            Write(types[i], values[i]);
        }
    }

    /// <summary>Writes one value of a single complete type.</summary>
    /// <exception cref="DBusProtocolException">The value does not fit the type.</exception>
    public void Write(string type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            WriteValue(type, value);
        }
        catch (InvalidCastException e)
        {
            throw new DBusProtocolException($"A value of type {value.GetType().Name} cannot be written as D-Bus type '{type}'.", e);
        }
    }

    /// <summary>Pads with zero bytes to a multiple of <paramref name="alignment"/>.</summary>
    public void Align(int alignment)
    {
        var padding = (alignment - (Length % alignment)) % alignment;
        Ensure(padding);
        _buffer.AsSpan(Length, padding).Clear();
        Length += padding;
    }

    /// <summary>Writes a byte.</summary>
    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    /// <summary>Writes an aligned unsigned 32-bit integer.</summary>
    public void WriteUInt32(uint value)
    {
        Align(4);
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    /// <summary>Writes a string (<c>s</c>).</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new DBusProtocolException("A D-Bus string must not contain NUL characters.");
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt32((uint)bytes.Length);
        WriteBytes(bytes);
        WriteByte(0);
    }

    /// <summary>Writes a signature (<c>g</c>).</summary>
    public void WriteSignature(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length > 255)
        {
            throw new DBusProtocolException($"Signature '{value}' is longer than 255 bytes.");
        }

        WriteByte((byte)bytes.Length);
        WriteBytes(bytes);
        WriteByte(0);
    }

    /// <summary>Overwrites an unsigned 32-bit integer written earlier.</summary>
    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), value);

    private void WriteValue(string type, object value)
    {
        switch (type[0])
        {
            case 'y': WriteByte((byte)value); break;
            case 'b': WriteUInt32((bool)value ? 1u : 0u); break;
            case 'n': WriteFixed(2, b => BinaryPrimitives.WriteInt16LittleEndian(b, (short)value)); break;
            case 'q': WriteFixed(2, b => BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value)); break;
            case 'i': WriteFixed(4, b => BinaryPrimitives.WriteInt32LittleEndian(b, (int)value)); break;
            case 'u': WriteUInt32((uint)value); break;
            case 'x': WriteFixed(8, b => BinaryPrimitives.WriteInt64LittleEndian(b, (long)value)); break;
            case 't': WriteFixed(8, b => BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)value)); break;
            case 'd': WriteFixed(8, b => BinaryPrimitives.WriteDoubleLittleEndian(b, (double)value)); break;
            case 's': WriteString((string)value); break;
            case 'o': WriteObjectPath(value is DBusObjectPath p ? p.Value : (string)value); break;
            case 'g': WriteSignature((string)value); break;
            case 'v':
                var variant = (DBusVariant)value;
                if (DBusSignature.EndOfCompleteType(variant.Signature, 0) != variant.Signature.Length)
                {
                    throw new DBusProtocolException($"Variant signature '{variant.Signature}' is not a single complete type.");
                }

                WriteSignature(variant.Signature);
                WriteValue(variant.Signature, variant.Value);
                break;
            case '(':
                WriteStruct(type, (object[])value);
                break;
            case 'a':
                WriteArray(type, value);
                break;
            default:
                throw new DBusProtocolException($"D-Bus type '{type}' cannot be written.");
        }
    }

    private void WriteObjectPath(string path)
    {
        if (path.Length == 0 || path[0] != '/' || (path.Length > 1 && path[^1] == '/') || path.Contains("//", StringComparison.Ordinal))
        {
            throw new DBusProtocolException($"'{path}' is not a valid D-Bus object path.");
        }

        WriteString(path);
    }

    private void WriteStruct(string type, object[] fields)
    {
        var members = DBusSignature.Split(type[1..^1]);
        if (members.Count != fields.Length)
        {
            throw new DBusProtocolException($"Struct '{type}' has {members.Count} fields but {fields.Length} values were given.");
        }

        Align(8);
        for (var i = 0; i < members.Count; i++)
        {
            WriteValue(members[i], fields[i]);
        }
    }

    private void WriteArray(string type, object value)
    {
        var element = type[1..];
        WriteUInt32(0);
        var lengthOffset = Length - 4;
        Align(DBusSignature.Alignment(element[0]));
        var start = Length;
        if (element[0] == '{')
        {
            var key = element[1..DBusSignature.EndOfCompleteType(element, 1)];
            var val = element[(1 + key.Length)..^1];
            foreach (DictionaryEntry entry in (IDictionary)value)
            {
                Align(8);
                WriteValue(key, entry.Key);
                WriteValue(val, entry.Value ?? throw new DBusProtocolException($"Dict '{type}' has a null value for key '{entry.Key}'."));
            }
        }
        else
        {
            foreach (var item in (IEnumerable)value)
            {
                WriteValue(element, item ?? throw new DBusProtocolException($"Array '{type}' has a null element."));
            }
        }

        PatchUInt32(lengthOffset, (uint)(Length - start));
    }

    private void WriteFixed(int size, SpanAction action)
    {
        Align(size);
        Ensure(size);
        action(_buffer.AsSpan(Length, size));
        Length += size;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }

    private delegate void SpanAction(Span<byte> span);
}
