"""Draw a small SVG subset (circle, rect, path with M L H V C Q Z) on a ReportLab canvas.

Enough for the brand mark, which stays a true vector in the PDF, without another dependency.
Anything outside the subset raises ValueError, reported by the theme check.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import HexColor

_NUM = re.compile(r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_CMD = re.compile(r"[MLHVCQZmlhvcqz]|[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")


@lru_cache(maxsize=8)
def load_svg(path: Path) -> tuple[tuple[float, float, float, float], tuple]:
    if path.stat().st_size > 200_000:
        raise ValueError("logo SVG is larger than 200 kB")
    root = ET.fromstring(path.read_bytes())
    box = [float(v) for v in _NUM.findall(root.get("viewBox", "0 0 100 100"))]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise ValueError("logo SVG needs a viewBox with a positive size")
    shapes = []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("svg", "title", "desc", "g"):
            continue
        fill = el.get("fill", "#000000")
        stroke = el.get("stroke")
        width = float(el.get("stroke-width", "1"))
        if tag == "circle":
            geom = tuple(float(el.get(k, "0")) for k in ("cx", "cy", "r"))
        elif tag == "rect":
            geom = tuple(float(el.get(k, "0")) for k in ("x", "y", "width", "height"))
        elif tag == "path":
            geom = tuple(_path_ops(el.get("d", "")))
        else:
            raise ValueError(f"logo SVG element <{tag}> is not supported (circle, rect, path only)")
        shapes.append((tag, geom, fill, stroke, width))
    return tuple(box), tuple(shapes)


def _path_ops(d: str):
    tokens = _CMD.findall(d)
    ops, i, cmd = [], 0, None
    x = y = sx = sy = 0.0

    def take(n):
        nonlocal i
        vals = [float(t) for t in tokens[i:i + n]]
        if len(vals) != n:
            raise ValueError("logo SVG path ends in the middle of a command")
        i += n
        return vals

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                ops.append(("Z",))
                x, y = sx, sy
                continue
        if cmd is None:
            raise ValueError("logo SVG path must start with a command")
        rel = cmd.islower()
        c = cmd.upper()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if c == "M":
            x, y = (v + o for v, o in zip(take(2), (ox, oy)))
            sx, sy = x, y
            ops.append(("M", x, y))
            cmd = "l" if rel else "L"
        elif c == "L":
            x, y = (v + o for v, o in zip(take(2), (ox, oy)))
            ops.append(("L", x, y))
        elif c == "H":
            x = take(1)[0] + ox
            ops.append(("L", x, y))
        elif c == "V":
            y = take(1)[0] + oy
            ops.append(("L", x, y))
        elif c == "C":
            v = take(6)
            pts = [v[k] + (ox if k % 2 == 0 else oy) for k in range(6)]
            ops.append(("C", *pts))
            x, y = pts[4], pts[5]
        elif c == "Q":
            v = take(4)
            qx, qy, ex, ey = v[0] + ox, v[1] + oy, v[2] + ox, v[3] + oy
            ops.append(("C", x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y),
                        ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey), ex, ey))
            x, y = ex, ey
        else:
            raise ValueError(f"logo SVG path command '{cmd}' is not supported")
    return ops


def draw_svg(canv, path: Path, x: float, y: float, size: float) -> None:
    """Draw the SVG with its viewBox fitted into a size x size square whose lower-left is (x, y)."""
    (bx, by, bw, bh), shapes = load_svg(path)
    scale = size / max(bw, bh)
    canv.saveState()
    canv.translate(x, y + size)
    canv.scale(scale, -scale)
    canv.translate(-bx, -by)
    for tag, geom, fill, stroke, width in shapes:
        do_fill = fill not in (None, "none")
        do_stroke = stroke not in (None, "none")
        if do_fill:
            canv.setFillColor(HexColor(fill))
        if do_stroke:
            canv.setStrokeColor(HexColor(stroke))
            canv.setLineWidth(width)
        if tag == "circle":
            canv.circle(geom[0], geom[1], geom[2], stroke=int(do_stroke), fill=int(do_fill))
        elif tag == "rect":
            canv.rect(*geom, stroke=int(do_stroke), fill=int(do_fill))
        else:
            p = canv.beginPath()
            for op in geom:
                if op[0] == "M":
                    p.moveTo(op[1], op[2])
                elif op[0] == "L":
                    p.lineTo(op[1], op[2])
                elif op[0] == "C":
                    p.curveTo(*op[1:])
                else:
                    p.close()
            canv.drawPath(p, stroke=int(do_stroke), fill=int(do_fill))
    canv.restoreState()
