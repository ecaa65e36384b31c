#!/usr/bin/env python3
"""Renders the scale harness results (scale-<machines>-<units>.json, as eng/scale-sweep.sh writes them) as an SVG:
convergence time and etcd requests per placement against cluster size, one line per unit count.

usage: eng/scale-plot.py RESULTS_DIR OUTPUT.svg
Standard library only."""
import glob
import json
import math
import os
import sys

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def load(directory):
    runs = []
    for path in sorted(glob.glob(os.path.join(directory, "scale-*.json"))):
        with open(path, encoding="utf-8") as f:
            runs.append(json.load(f))
    if not runs:
        sys.exit(f"scale-plot: no scale-*.json files in {directory}")
    return runs


def panel(runs, key, title, x0, y0, w, h, log_y):
    """One chart: x = machines (log scale), y = runs[key], one polyline per unit count."""
    xs = sorted({r["machines"] for r in runs})
    ys = [r[key] for r in runs if r.get(key) is not None and r[key] > 0]
    lo_x, hi_x = math.log10(min(xs)) - 0.15, math.log10(max(xs)) + 0.15
    if log_y:
        lo_y, hi_y = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
        hi_y = max(hi_y, lo_y + 1)
        ticks = [10 ** e for e in range(lo_y, hi_y + 1)]
        fy = lambda v: y0 + h - (math.log10(v) - lo_y) / (hi_y - lo_y) * h
    else:
        top = max(ys) * 1.25
        base = 10 ** math.floor(math.log10(top / 5))
        step = next(m * base for m in (1, 2, 5, 10) if top / (m * base) <= 6)
        ticks = [i * step for i in range(int(math.ceil(top / step)) + 1)]
        top = ticks[-1] if ticks[-1] > 0 else 1
        fy = lambda v: y0 + h - v / top * h
    fx = lambda m: x0 + (math.log10(m) - lo_x) / (hi_x - lo_x) * w
    out = [f'<text x="{x0 + w / 2}" y="{y0 - 12}" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#888"/>']
    for t in ticks:
        y = fy(t)
        label = f"{t:g}"
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for m in xs:
        out.append(f'<text x="{fx(m):.1f}" y="{y0 + h + 18}" text-anchor="middle">{m:,}</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 38}" text-anchor="middle">machines (log scale)</text>')
    for i, units in enumerate(sorted({r["units"] for r in runs})):
        color = COLORS[i % len(COLORS)]
        points = sorted((r["machines"], r[key]) for r in runs
                        if r["units"] == units and r.get(key) is not None and r[key] > 0)
        if not points:
            continue
        path = " ".join(f"{fx(m):.1f},{fy(v):.1f}" for m, v in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for m, v in points:
            out.append(f'<circle cx="{fx(m):.1f}" cy="{fy(v):.1f}" r="4" fill="{color}"/>')
            # Labels of the series stacked above the point, so that equal values stay readable.
            out.append(f'<text x="{fx(m) + 6:.1f}" y="{fy(v) - 6 - 12 * i:.1f}" fill="{color}" font-size="11">{v:.3g}</text>')
        lx, ly = x0 + 120 * i, y0 + h + 62
        out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 20}" y2="{ly - 4}" stroke="{color}" stroke-width="2"/>')
        out.append(f'<text x="{lx + 26}" y="{ly}" fill="{color}">{units:,} units</text>')
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs = load(sys.argv[1])
    width, height = 980, 460
    body = panel(runs, "secondsToConverge", "Bulk start: seconds to converge", 80, 50, 360, 300, log_y=True)
    body += panel(runs, "etcdRequestsPerPlacement", "etcd requests per placement", 580, 50, 360, 300, log_y=False)
    loads = sorted({r.get("loadAverageAtStart", "?").split(" ")[0] for r in runs})
    note = f"fleet for .NET scale harness; 2-core VM; 1-min load average at the start of the runs: {', '.join(loads)}"
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>', *body,
           f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" fill="#555" font-size="11">{note}</text>', "</svg>"]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")
    print(f"wrote {sys.argv[2]} from {len(runs)} runs")


if __name__ == "__main__":
    main()
