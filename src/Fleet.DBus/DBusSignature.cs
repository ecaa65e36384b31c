namespace Fleet.DBus;

/// <summary>Walks D-Bus type signatures: splits them into single complete types and gives alignments.</summary>
internal static class DBusSignature
{
    /// <summary>Returns the index just past the single complete type that starts at <paramref name="start"/>.</summary>
    /// <exception cref="DBusProtocolException">The signature is malformed at that position.</exception>
    public static int EndOfCompleteType(string signature, int start)
    {
        if (start >= signature.Length)
        {
            throw new DBusProtocolException($"Signature '{signature}' ends where a type was expected (position {start}).");
        }

        switch (signature[start])
        {
            case 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 's' or 'o' or 'g' or 'v' or 'h':
                return start + 1;
            case 'a':
                return EndOfCompleteType(signature, start + 1);
            case '(':
            {
                var i = start + 1;
                if (i < signature.Length && signature[i] == ')')
                {
                    throw new DBusProtocolException($"Signature '{signature}' has an empty struct at position {start}.");
                }

                while (i < signature.Length && signature[i] != ')')
                {
                    i = EndOfCompleteType(signature, i);
                }

                return i < signature.Length ? i + 1 : throw new DBusProtocolException($"Signature '{signature}' has an unclosed '(' at position {start}.");
            }

            case '{':
            {
                var key = start + 1;
                var value = EndOfCompleteType(signature, key);
                var end = EndOfCompleteType(signature, value);
                return end < signature.Length && signature[end] == '}'
                    ? end + 1
                    : throw new DBusProtocolException($"Signature '{signature}' has a malformed dict entry at position {start}.");
            }

            default:
                throw new DBusProtocolException($"Signature '{signature}' has the unknown type code '{signature[start]}' at position {start}.");
        }
    }

    /// <summary>Splits a signature into its single complete types.</summary>
    public static List<string> Split(string signature)
    {
        var types = new List<string>();
        var i = 0;
        while (i < signature.Length)
        {
            var end = EndOfCompleteType(signature, i);
            types.Add(signature[i..end]);
            i = end;
        }

        return types;
    }

    /// <summary>Gets the alignment in bytes of a type code.</summary>
    public static int Alignment(char code) => code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'b' or 'i' or 'u' or 's' or 'o' or 'a' or 'h' => 4,
        'x' or 't' or 'd' or '(' or '{' => 8,
        _ => throw new DBusProtocolException($"Unknown type code '{code}'."),
    };
}
