using System.Text;

namespace Fleet.Cli.Output;

/// <summary>Go's <c>text/tabwriter</c> as fleetctl configures it: minwidth 0, tabwidth 8, padding 1, padchar
/// <c>'\t'</c>, no flags. Cells are tab-terminated; the text after a line's last tab is not part of a column.
/// A column's width is the widest cell of its block plus the padding, rounded up to a multiple of 8, and
/// cells are padded with tabs.</summary>
internal static class TabWriter
{
    private const int MinWidth = 0;
    private const int TabWidth = 8;
    private const int Padding = 1;

    /// <summary>Formats complete lines (each without its newline; cells separated by <c>'\t'</c>); every line
    /// of the result ends with <c>'\n'</c>.</summary>
    public static string Format(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var cells = lines.Select(l => l.Split('\t')).ToArray();
        var output = new StringBuilder();
        new Formatter(cells, output).Format(0, cells.Length);
        return output.ToString();
    }

    private sealed class Formatter(string[][] lines, StringBuilder output)
    {
        private readonly List<int> _widths = [];

        // A port of tabwriter.(*Writer).format: find blocks of consecutive lines that have a cell in the
        // next column, size the column per block, and recurse into the columns to its right.
        public void Format(int line0, int line1)
        {
            var column = _widths.Count;
            for (var current = line0; current < line1; current++)
            {
                if (column >= lines[current].Length - 1)
                {
                    continue;
                }

                WriteLines(line0, current);
                line0 = current;
                var width = MinWidth;
                for (; current < line1; current++)
                {
                    var line = lines[current];
                    if (column >= line.Length - 1)
                    {
                        break;
                    }

                    width = Math.Max(width, CellWidth(line[column]) + Padding);
                }

                _widths.Add(width);
                Format(line0, current);
                _widths.RemoveAt(_widths.Count - 1);
                line0 = current;
            }

            WriteLines(line0, line1);
        }

        private void WriteLines(int line0, int line1)
        {
            for (var i = line0; i < line1; i++)
            {
                var line = lines[i];
                for (var j = 0; j < line.Length; j++)
                {
                    output.Append(line[j]);
                    if (j < _widths.Count)
                    {
                        WritePadding(CellWidth(line[j]), _widths[j]);
                    }
                }

                output.Append('\n');
            }
        }

        private void WritePadding(int textWidth, int cellWidth)
        {
            cellWidth = (cellWidth + TabWidth - 1) / TabWidth * TabWidth;
            var padding = cellWidth - textWidth;
            output.Append('\t', (padding + TabWidth - 1) / TabWidth);
        }

        // tabwriter measures cells in runes (utf8.RuneCount).
        private static int CellWidth(string cell) => cell.EnumerateRunes().Count();
    }
}
