using System.Buffers.Binary;

namespace Fleet.DBus;

/// <summary>One D-Bus message: header fields and a body, with encoding to and decoding from the wire format.</summary>
public sealed class DBusMessage
{
    private const byte NoReplyExpectedFlag = 0x1;
    private const int MaxMessageLength = 128 * 1024 * 1024;

    /// <summary>Gets or sets the message type.</summary>
    public DBusMessageType Type { get; init; }

    /// <summary>Gets or sets the flags byte.</summary>
    public byte Flags { get; init; }

    /// <summary>Gets or sets the serial (set when sending).</summary>
    public uint Serial { get; set; }

    /// <summary>Gets or sets the object path (calls and signals).</summary>
    public string? Path { get; init; }

    /// <summary>Gets or sets the interface.</summary>
    public string? Interface { get; init; }

    /// <summary>Gets or sets the member (method or signal name).</summary>
    public string? Member { get; init; }

    /// <summary>Gets or sets the error name (errors).</summary>
    public string? ErrorName { get; init; }

    /// <summary>Gets or sets the serial this message replies to (returns and errors).</summary>
    public uint ReplySerial { get; init; }

    /// <summary>Gets or sets the destination bus name.</summary>
    public string? Destination { get; init; }

    /// <summary>Gets or sets the sender bus name.</summary>
    public string? Sender { get; init; }

    /// <summary>Gets or sets the body signature; empty when there is no body.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>Gets or sets the body values (see <see cref="DBusWriter"/> and <see cref="DBusReader"/> for shapes).</summary>
    public IReadOnlyList<object> Body { get; init; } = [];

    /// <summary>Gets whether the sender expects no reply.</summary>
    public bool NoReplyExpected => (Flags & NoReplyExpectedFlag) != 0;

    /// <summary>Creates a method call.</summary>
    public static DBusMessage MethodCall(string destination, string path, string @interface, string member, string signature = "", params object[] body) => new()
    {
        Type = DBusMessageType.MethodCall,
        Destination = destination,
        Path = path,
        Interface = @interface,
        Member = member,
        Signature = signature,
        Body = body,
    };

    /// <summary>Returns how many bytes the whole message takes, from its first 16 bytes.</summary>
    /// <exception cref="DBusProtocolException">The header is not a D-Bus version 1 header or is too long.</exception>
    public static int GetTotalLength(ReadOnlySpan<byte> fixedHeader)
    {
        if (fixedHeader.Length < 16)
        {
            throw new DBusProtocolException($"A message header needs 16 bytes, got {fixedHeader.Length}.");
        }

        var little = fixedHeader[0] switch
        {
            (byte)'l' => true,
            (byte)'B' => false,
            _ => throw new DBusProtocolException($"Unknown endianness byte 0x{fixedHeader[0]:x2} at the start of a message."),
        };
        if (fixedHeader[3] != 1)
        {
            throw new DBusProtocolException($"Unsupported D-Bus protocol version {fixedHeader[3]}.");
        }

        var bodyLength = little ? BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[4..]) : BinaryPrimitives.ReadUInt32BigEndian(fixedHeader[4..]);
        var fieldsLength = little ? BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[12..]) : BinaryPrimitives.ReadUInt32BigEndian(fixedHeader[12..]);
        var headerLength = 16 + (long)fieldsLength;
        headerLength += (8 - (headerLength % 8)) % 8;
        var total = headerLength + bodyLength;
        return total > MaxMessageLength
            ? throw new DBusProtocolException($"Message length {total} exceeds the {MaxMessageLength}-byte limit.")
            : (int)total;
    }

    /// <summary>Decodes one complete message.</summary>
    /// <exception cref="DBusProtocolException">The bytes are not a valid message.</exception>
    public static DBusMessage Decode(ReadOnlyMemory<byte> data)
    {
        var total = GetTotalLength(data.Span);
        if (data.Length < total)
        {
            throw new DBusProtocolException($"Message is truncated: {data.Length} of {total} bytes.");
        }

        var little = data.Span[0] == (byte)'l';
        var header = new DBusReader(data[..total], little);
        header.Read("y");
        var type = (DBusMessageType)(byte)header.Read("y");
        var flags = (byte)header.Read("y");
        header.Read("y");
        var bodyLength = header.ReadUInt32();
        var serial = header.ReadUInt32();
        var fields = (object[])header.Read("a(yv)");
        header.Align(8);
        string? path = null, iface = null, member = null, error = null, destination = null, sender = null, signature = null;
        uint replySerial = 0;
        foreach (object[] field in fields)
        {
            var value = ((DBusVariant)field[1]).Value;
            switch ((byte)field[0])
            {
                case 1: path = ((DBusObjectPath)value).Value; break;
                case 2: iface = (string)value; break;
                case 3: member = (string)value; break;
                case 4: error = (string)value; break;
                case 5: replySerial = (uint)value; break;
                case 6: destination = (string)value; break;
                case 7: sender = (string)value; break;
                case 8: signature = (string)value; break;
                default: break; // unknown fields (and UNIX_FDS) are ignored, as the specification requires
            }
        }

        var bodyStart = header.Position;
        var body = new DBusReader(data.Slice(bodyStart, (int)bodyLength), little);
        var values = string.IsNullOrEmpty(signature) ? [] : body.ReadAll(signature);
        return new DBusMessage
        {
            Type = type,
            Flags = flags,
            Serial = serial,
            Path = path,
            Interface = iface,
            Member = member,
            ErrorName = error,
            ReplySerial = replySerial,
            Destination = destination,
            Sender = sender,
            Signature = signature ?? string.Empty,
            Body = values,
        };
    }

    /// <summary>Encodes the message (little-endian) with its current <see cref="Serial"/>.</summary>
    /// <exception cref="DBusProtocolException">A body value does not fit the signature.</exception>
    public byte[] Encode()
    {
        var body = new DBusWriter();
        body.WriteAll(Signature, Body);
        var fields = new List<object>();
        AddField(fields, 1, "o", Path is null ? null : new DBusObjectPath(Path));
        AddField(fields, 2, "s", Interface);
        AddField(fields, 3, "s", Member);
        AddField(fields, 4, "s", ErrorName);
        AddField(fields, 5, "u", ReplySerial == 0 ? null : ReplySerial);
        AddField(fields, 6, "s", Destination);
        AddField(fields, 7, "s", Sender);
        AddField(fields, 8, "g", Signature.Length == 0 ? null : Signature);
        var message = new DBusWriter();
        message.WriteByte((byte)'l');
        message.WriteByte((byte)Type);
        message.WriteByte(Flags);
        message.WriteByte(1);
        message.WriteUInt32((uint)body.Length);
        message.WriteUInt32(Serial);
        message.Write("a(yv)", fields);
        message.Align(8);
        var header = message.ToArray();
        var bytes = new byte[header.Length + body.Length];
        header.CopyTo(bytes, 0);
        body.ToArray().CopyTo(bytes, header.Length);
        return bytes;
    }

    private static void AddField(List<object> fields, byte code, string signature, object? value)
    {
        if (value is not null)
        {
            fields.Add(new object[] { code, new DBusVariant(signature, value) });
        }
    }
}
