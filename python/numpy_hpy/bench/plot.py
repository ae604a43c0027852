"""The chart: per runtime one panel; per operation (and dtype) one line,
grouped by section; per size one marker at the ratio numpy_hpy/NumPy on a
log axis, with the 1.0 line (as fast as NumPy) marked. Rows without a
ratio (no NumPy on that runtime, or numpy_hpy raises) are named, not drawn.

matplotlib is imported only here (Agg backend: no display needed).
"""

import math

LINE_IN = 0.2  # height of one operation's line, inches
LABEL_IN = 2.9  # the left margin holding the operation names
PANEL_IN = 4.6  # width of one runtime's panel
TOP_IN = 1.1  # size legend and panel titles
BOTTOM_IN = 0.75  # x axis label
LEGEND_ENTRY_IN = 0.8  # width of one size in the legend
LEGEND_ROW_IN = 0.22  # height of one more row of the legend


def line_key(row):
    """The chart line a result row belongs on."""
    return (row["section"], row["op"], row["dtype"])


def layout(results):
    """The y positions: [(label, section header?)] in first-seen order of
    the runs' rows, a bold header line before each section."""
    seen, lines = set(), []
    section = None
    for result in results:
        for row in result["rows"]:
            key = line_key(row)
            if key in seen:
                continue
            seen.add(key)
            if row["section"] != section:
                section = row["section"]
                lines.append((("header", section), True))
            lines.append((key, False))
    return lines


def line_label(key):
    """'add(a, b)  float64' for a row line, the section's name for a header."""
    if key[0] == "header":
        return key[1]
    _section, op, dtype = key
    return "%s  %s" % (op, dtype) if dtype else op


def size_classes(results):
    """[(size label, element count)] sorted by count; sizeless rows last."""
    found = {}
    for result in results:
        for row in result["rows"]:
            found[row["size_label"]] = _elements(row["size"])
    return sorted(found.items(), key=lambda item: (item[1] is None, item[1] or 0))


def _elements(size):
    if isinstance(size, list):
        return math.prod(size)
    return size


def size_styles(classes, plt):
    """{size label: (colour, marker size)}: light and small to dark and large
    with the element count, so that markers at equal ratios stay visible
    (the smaller ones are drawn on top)."""
    cmap = plt.get_cmap("viridis")
    sized = [label for label, n in classes if n is not None]
    styles = {}
    for i, label in enumerate(sized):
        rank = i / max(1, len(sized) - 1)
        styles[label] = (cmap(0.92 * (1 - rank)), 4.0 + 5.0 * rank)
    styles.update((label, ("0.45", 5.0)) for label, n in classes if n is None)
    return styles


def ratio_limits(results):
    """x limits covering every ratio and 1.0, with some room."""
    ratios = [row["ratio"] for result in results for row in result["rows"] if row.get("ratio")]
    low, high = min(ratios + [1.0]), max(ratios + [1.0])
    return low / 1.6, high * 1.6


def panel_title(header):
    numpy = "NumPy %s" % header["numpy_version"] if header["numpy_version"] else "no NumPy"
    return "%s\nnumpy_hpy %s vs %s" % (header["label"], header["numpy_hpy_version"], numpy)


def draw_panel(ax, result, positions, styles):
    """One runtime: markers per size, notes for rows without a ratio."""
    missing = {}
    for row in result["rows"]:
        y = positions[line_key(row)]
        if row.get("ratio"):
            color, size = styles[row["size_label"]]
            ax.plot(row["ratio"], y, "o", ms=size, color=color, mec="black", mew=0.3, zorder=13 - size)
        elif row["status"] != "ok":
            missing.setdefault(y, []).append("%s %s" % (row["status"], row["size_label"]))
    for y, notes in missing.items():
        ax.annotate(
            ", ".join(notes),
            (0.99, y),
            xycoords=("axes fraction", "data"),
            ha="right",
            va="center",
            fontsize=7,
            color="0.35",
            style="italic",
        )
    ax.axvline(1.0, color="black", lw=1.0, zorder=2)
    ax.set_title(panel_title(result["header"]), fontsize=9.5)
    if not result["header"]["numpy_version"]:
        ax.text(
            0.5,
            0.5,
            "NumPy does not import on this runtime:\nno ratios (absolute times in the table and JSON)",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            bbox=dict(facecolor="white", edgecolor="0.6"),
        )


def style_axes(ax, lines, limits):
    """Log x axis with plain-number ticks, a band per line, faster side shaded."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    ax.set_xscale("log")
    ax.set_xlim(*limits)
    ticks = [m * 10.0**e for e in range(-4, 5) for m in (1, 2, 5) if limits[0] <= m * 10.0**e <= limits[1]]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: "%g" % v))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.axvspan(limits[0], 1.0, color="#e3f2e5", zorder=0)
    ax.grid(axis="x", color="0.8", lw=0.5, zorder=1)
    for y, (_key, is_header) in enumerate(lines):
        if is_header:
            ax.axhline(y, color="0.55", lw=0.6, zorder=1)
        elif y % 2:
            ax.axhspan(y - 0.5, y + 0.5, color="0.5", alpha=0.06, lw=0, zorder=0)
    ax.set_ylim(len(lines) - 0.5, -0.5)
    ax.tick_params(axis="both", labelsize=8)
    ax.set_xlabel("time numpy_hpy / NumPy (log scale)\n< 1 (shaded): numpy_hpy faster", fontsize=8.5)


def plot(results, path):
    """Draw ``results`` (run dicts, one panel each) into the PNG ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    lines = layout(results)
    positions = {key: y for y, (key, _h) in enumerate(lines)}
    classes = size_classes(results)
    styles = size_styles(classes, plt)
    width = LABEL_IN + PANEL_IN * len(results) + 0.3
    legend_rows = math.ceil(len(classes) * LEGEND_ENTRY_IN / (width - 0.4))
    top = TOP_IN + LEGEND_ROW_IN * (legend_rows - 1)
    height = top + BOTTOM_IN + LINE_IN * len(lines)
    fig, axes = plt.subplots(1, len(results), sharey=True, figsize=(width, height), squeeze=False)
    fig.subplots_adjust(
        left=LABEL_IN / width, right=1 - 0.3 / width, top=1 - top / height, bottom=BOTTOM_IN / height, wspace=0.06
    )
    limits = ratio_limits(results)
    for ax, result in zip(axes[0], results):
        style_axes(ax, lines, limits)
        draw_panel(ax, result, positions, styles)
    first = axes[0][0]
    first.set_yticks(range(len(lines)))
    first.set_yticklabels([line_label(key) for key, _h in lines])
    for tick, (_key, is_header) in zip(first.get_yticklabels(), lines):
        if is_header:
            tick.set_fontweight("bold")
            tick.set_fontsize(9)
    handles = [
        Line2D([], [], ls="", marker="o", ms=styles[label][1], color=styles[label][0], mec="black", mew=0.3, label=label)
        for label, _n in classes
    ]
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.05 / height),
        ncol=math.ceil(len(handles) / legend_rows),
        fontsize=8,
        title="size (elements, or shape; '-': none)",
        title_fontsize=8,
        frameon=False,
    )
    fig.savefig(path, dpi=110)
    plt.close(fig)
