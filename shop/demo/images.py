"""Product pictures drawn with Pillow: a category-coloured gradient and a simple shape."""

import io
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

SIZE = 600
RGB = tuple[int, int, int]


@lru_cache(maxsize=16)
def _backdrop(top: RGB, bottom: RGB) -> Image.Image:
    gradient = Image.linear_gradient("L").resize((SIZE, SIZE))
    return ImageOps.colorize(gradient, top, bottom)


def _shade(colour: RGB, amount: float) -> RGB:
    """Darken (amount < 0) or lighten (amount > 0) a colour."""
    target = 255 if amount > 0 else 0
    return tuple(round(c + (target - c) * abs(amount)) for c in colour)  # type: ignore[return-value]


def render(*, palette: tuple[RGB, RGB], colour: RGB | None, shape: int, seed: int) -> bytes:
    """Draw one product picture as JPEG bytes; the same arguments give the same bytes."""
    rng = random.Random(seed)
    image = _backdrop(*palette).copy()
    draw = ImageDraw.Draw(image)
    fill = colour or _shade(palette[1], -0.25)
    for _ in range(3):
        radius = rng.randint(30, 90)
        x, y = rng.randint(0, SIZE), rng.randint(0, SIZE // 2)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=_shade(palette[0], 0.35)
        )
    centre, half = SIZE // 2, rng.randint(150, 185)
    draw.ellipse(
        (centre - half, centre + half - 10, centre + half, centre + half + 40),
        fill=_shade(palette[1], -0.2),
    )
    box = (centre - half, centre - half, centre + half, centre + half)
    outline, width = _shade(fill, 0.55 if sum(fill) < 600 else -0.3), 10
    match shape % 5:
        case 0:
            draw.ellipse(box, fill=fill, outline=outline, width=width)
        case 1:
            draw.rounded_rectangle(box, radius=half // 3, fill=fill, outline=outline, width=width)
        case 2:
            draw.regular_polygon((centre, centre, half), 6, fill=fill, outline=outline, width=width)
        case 3:
            squat = (box[0], centre - half * 2 // 3, box[2], centre + half * 2 // 3)
            draw.rounded_rectangle(squat, radius=half // 2, fill=fill, outline=outline, width=width)
        case _:
            draw.regular_polygon(
                (centre, centre, half), 4, rotation=45, fill=fill, outline=outline, width=width
            )
    glint = half // 3
    draw.ellipse(
        (centre - glint * 2, centre - glint * 2, centre - glint, centre - glint),
        fill=_shade(fill, 0.6),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
