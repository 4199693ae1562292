using System.Globalization;
using System.Xml.Linq;

namespace SaasUsers.Data.WebSample;

/// <summary>
/// A bar chart of one value a day, drawn on the server as SVG (no script, no front-end build): one bar a day with
/// its date and value as data attributes and a tooltip, the largest value on the axis.
/// </summary>
public static class SvgChart
{
    private const int Width = 720;
    private const int Height = 180;
    private const int Left = 40;
    private const int Bottom = 24;
    private const int Top = 12;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The chart's markup.</summary>
    /// <param name="id">The element id.</param>
    /// <param name="label">What the values are, for the title and the tooltips ("sign-ups").</param>
    /// <param name="days">The days, oldest first, with their values.</param>
    /// <param name="format">How a value is written (defaults to a whole number).</param>
    public static string Bars(string id, string label, IReadOnlyList<(DateOnly Day, long Value)> days, Func<long, string>? format = null)
    {
        format ??= v => v.ToString("N0", CultureInfo.InvariantCulture);
        var max = Math.Max(1, days.Count == 0 ? 0 : days.Max(d => d.Value));
        var plot = Height - Bottom - Top;
        var step = (Width - Left) / (double)Math.Max(1, days.Count);
        var chart = new XElement(Svg + "svg",
            new XAttribute("id", id),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("width", Width),
            new XAttribute("height", Height),
            new XAttribute("role", "img"),
            new XAttribute("aria-label", $"{label} a day, last {days.Count} days"),
            new XElement(Svg + "line", Attributes(("x1", Left), ("y1", Top + plot), ("x2", Width), ("y2", Top + plot)), new XAttribute("stroke", "#9ca3af")),
            Text(Left - 6, Top + 10, format(max), "end"),
            Text(Left - 6, Top + plot, "0", "end"));

        for (var i = 0; i < days.Count; i++)
        {
            var (day, value) = days[i];
            var height = plot * value / (double)max;
            var x = Left + (i * step) + 1;
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            chart.Add(new XElement(Svg + "rect",
                Attributes(("x", x), ("y", Top + plot - height), ("width", Math.Max(1, step - 2)), ("height", height)),
                new XAttribute("fill", "#6366f1"),
                new XAttribute("data-date", date),
                new XAttribute("data-value", value),
                new XElement(Svg + "title", $"{date}: {format(value)} {label}")));
            if (i % 7 == 0 || i == days.Count - 1)
            {
                chart.Add(Text(x + (step / 2), Height - 6, day.ToString("dd MMM", CultureInfo.InvariantCulture), "middle"));
            }
        }

        return chart.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Text(double x, double y, string text, string anchor) =>
        new(Svg + "text", Attributes(("x", x), ("y", y)), new XAttribute("font-size", 11), new XAttribute("text-anchor", anchor), new XAttribute("fill", "#4b5563"), text);

    private static IEnumerable<XAttribute> Attributes(params (string Name, double Value)[] values) =>
        values.Select(v => new XAttribute(v.Name, Math.Round(v.Value, 1).ToString(CultureInfo.InvariantCulture)));
}
