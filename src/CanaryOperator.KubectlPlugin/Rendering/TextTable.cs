using System.Text;

namespace CanaryOperator.KubectlPlugin.Rendering;

/// <summary>Left-aligned columns separated by two spaces, trailing spaces trimmed (stable text for snapshots).</summary>
public sealed class TextTable
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder text)
    {
        var columns = _rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => _rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in _rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
