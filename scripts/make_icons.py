"""Draws Even Keel's app icons (a calm horizon and two waves on deep teal) into public/icons/.
Run once after changing the design: `pip install pillow && python3 scripts/make_icons.py`."""
import math
from pathlib import Path
from PIL import Image, ImageDraw

TEAL, SAND, FOAM, SOFT = (15, 92, 92), (233, 201, 143), (247, 245, 240), (159, 216, 207)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def draw(size, scale, rounded):
    """`scale` is the share of the icon the mark fills (maskable icons keep it in the safe zone)."""
    big = size * 4  # draw large, then shrink: smooth edges without an anti-aliasing library
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.22 if rounded else 0, fill=TEAL)
    c, w, stroke = big / 2, big * scale, max(4, round(big * scale * 0.075))

    def line(points, colour):  # a round brush stamped along the path: smooth joins and ends
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0)))
            for i in range(steps + 1):
                x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
                d.ellipse([x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2], fill=colour)

    def wave(y, half_width, colour):
        xs = [c - half_width + i * 2 * half_width / 60 for i in range(61)]
        line([(x, y + w * 0.045 * math.sin((x - c) / half_width * 1.5 * math.pi)) for x in xs], colour)

    line([(c - w * 0.2, c - w * 0.2), (c + w * 0.2, c - w * 0.2)], SAND)
    wave(c + w * 0.02, w * 0.36, FOAM)
    wave(c + w * 0.22, w * 0.26, SOFT)
    return img.resize((size, size), Image.LANCZOS)


OUT.mkdir(parents=True, exist_ok=True)
draw(192, 0.9, True).save(OUT / "icon-192.png", optimize=True)
draw(512, 0.9, True).save(OUT / "icon-512.png", optimize=True)
draw(512, 0.62, False).save(OUT / "icon-maskable-512.png", optimize=True)
draw(180, 0.8, False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
draw(32, 1.0, True).save(OUT / "favicon-32.png", optimize=True)
