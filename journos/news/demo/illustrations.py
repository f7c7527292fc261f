"""Abstract editorial illustrations drawn with Pillow: no downloads, no stock photos.

Each section has a palette and a motif (hills, waves, a chart, orbits...).
A drawing is seeded by a key (an article's slug), so the same key always gives
the same picture, and different keys give different skies, shapes and light.
Every drawing returns JPEG bytes plus a sentence describing it (the alt text).
"""

import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900
AVATAR_SIZE = 600


@dataclass(frozen=True)
class Palette:
    name: str  # words for the alt text, e.g. "deep blue and teal"
    sky_top: tuple
    sky_bottom: tuple
    accent: tuple
    ground: tuple  # the darkest layer; lighter layers are mixed towards the sky


PALETTES = {
    "world": Palette("deep blue and sea green", (22, 52, 96), (120, 184, 196), (246, 214, 140), (14, 40, 58)),
    "politics": Palette("navy and warm red", (34, 38, 78), (214, 120, 104), (250, 230, 200), (40, 22, 42)),
    "business": Palette("ink blue and gold", (16, 34, 58), (62, 108, 140), (236, 186, 74), (10, 22, 36)),
    "science": Palette("midnight violet and cyan", (24, 18, 64), (70, 118, 178), (124, 232, 236), (14, 10, 40)),
    "technology": Palette("charcoal and electric teal", (14, 20, 30), (36, 70, 92), (64, 224, 196), (8, 12, 18)),
    "sports": Palette("grass green and chalk white", (36, 110, 70), (140, 196, 110), (250, 250, 236), (20, 70, 44)),
    "culture": Palette("plum and amber", (58, 20, 58), (170, 70, 92), (252, 196, 96), (30, 10, 30)),
    "lifestyle": Palette("peach and terracotta", (240, 176, 140), (252, 226, 196), (200, 96, 70), (150, 70, 60)),
    "climate": Palette("storm grey and ocean blue", (70, 86, 104), (168, 196, 206), (240, 240, 228), (18, 62, 92)),
    "health": Palette("mint and soft coral", (150, 210, 196), (236, 246, 238), (236, 122, 110), (40, 120, 118)),
}


def mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def jitter(colour: tuple, rng: random.Random, amount: int = 14) -> tuple:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def vertical_gradient(size: tuple, top: tuple, bottom: tuple) -> Image.Image:
    """A smooth top-to-bottom blend, made by stretching a 256-step ramp (fast)."""
    ramp = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def ridge(rng: random.Random, base: float, amplitude: float, width: int = WIDTH) -> list[tuple]:
    """A gentle skyline of summed sine waves: a hill or a wave crest."""
    waves = [(rng.uniform(0.6, 3.2), rng.uniform(0, math.tau), rng.uniform(0.3, 1.0)) for _ in range(3)]
    total = sum(weight for _, _, weight in waves)
    points = []
    for x in range(0, width + 20, 20):
        y = sum(weight * math.sin(freq * math.tau * x / width + phase) for freq, phase, weight in waves)
        points.append((x, base + amplitude * y / total))
    return points


def fill_below(draw: ImageDraw.ImageDraw, points: list[tuple], colour: tuple):
    draw.polygon([*points, (WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)


def sun(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette, y_max: float = 0.45):
    x, y = rng.uniform(0.15, 0.85) * WIDTH, rng.uniform(0.12, y_max) * HEIGHT
    r = rng.uniform(60, 130)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=palette.accent)


# Motifs: each draws its shapes over the sky gradient.


def motif_hills(img, draw, rng, palette):
    sun(draw, rng, palette)
    layers = rng.randint(3, 5)
    for i in range(layers):
        t = (i + 1) / layers
        base = HEIGHT * (0.45 + 0.45 * t)
        colour = jitter(mix(palette.sky_bottom, palette.ground, t), rng, 6)
        fill_below(draw, ridge(rng, base, rng.uniform(40, 110)), colour)


def motif_waves(img, draw, rng, palette):
    sun(draw, rng, palette, y_max=0.3)
    horizon = HEIGHT * rng.uniform(0.42, 0.55)
    draw.line((0, horizon, WIDTH, horizon), fill=mix(palette.accent, palette.sky_bottom, 0.5), width=3)
    for i in range(7):
        t = (i + 1) / 7
        base = horizon + (HEIGHT - horizon) * (t**1.4) + 10
        colour = mix(palette.sky_bottom, palette.ground, 0.35 + 0.65 * t)
        fill_below(draw, ridge(rng, base, 10 + 30 * t), colour)


def motif_columns(img, draw, rng, palette):
    sun(draw, rng, palette, y_max=0.2)
    floor = HEIGHT * rng.uniform(0.8, 0.86)
    count = rng.randint(5, 8)
    gap = WIDTH * 0.8 / count
    left = WIDTH * 0.1 + gap / 2
    width = gap * rng.uniform(0.3, 0.42)
    top = HEIGHT * rng.uniform(0.38, 0.46)
    stone = mix(palette.sky_bottom, palette.accent, 0.35)
    draw.polygon([(WIDTH * 0.06, top - 40), (WIDTH / 2, top - 190), (WIDTH * 0.94, top - 40)], fill=stone)
    draw.rectangle((WIDTH * 0.06, top - 40, WIDTH * 0.94, top), fill=mix(stone, palette.ground, 0.2))
    for i in range(count):
        x = left + i * gap
        draw.rectangle((x - width / 2, top, x + width / 2, floor), fill=stone)
        draw.rectangle((x - width / 2 + 6, top, x - width / 2 + 14, floor), fill=mix(stone, palette.ground, 0.25))
    draw.rectangle((WIDTH * 0.04, floor - 24, WIDTH * 0.96, floor), fill=mix(stone, palette.ground, 0.2))
    draw.rectangle((0, floor, WIDTH, HEIGHT), fill=palette.ground)


def motif_chart(img, draw, rng, palette):
    floor = HEIGHT * 0.86
    for y in range(int(HEIGHT * 0.2), int(floor), 80):
        draw.line((0, y, WIDTH, y), fill=mix(palette.sky_top, palette.sky_bottom, 0.6), width=1)
    bars = rng.randint(9, 14)
    step = WIDTH / bars
    level = rng.uniform(0.3, 0.6)
    points = []
    for i in range(bars):
        level = min(0.92, max(0.12, level + rng.uniform(-0.14, 0.18)))
        top = floor - level * (floor - HEIGHT * 0.2)
        colour = mix(palette.sky_bottom, palette.ground, 0.25 + 0.05 * (i % 3))
        draw.rectangle((i * step + step * 0.18, top, (i + 1) * step - step * 0.18, floor), fill=colour)
        points.append(((i + 0.5) * step, top - 40))
    draw.line(points, fill=palette.accent, width=8, joint="curve")
    for x, y in points:
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=palette.accent)
    draw.rectangle((0, floor, WIDTH, HEIGHT), fill=palette.ground)


def motif_orbits(img, draw, rng, palette):
    cx, cy = rng.uniform(0.3, 0.7) * WIDTH, rng.uniform(0.35, 0.65) * HEIGHT
    ring = mix(palette.sky_bottom, palette.accent, 0.35)
    for r in range(110, 1100, rng.randint(90, 140)):
        draw.ellipse((cx - r * 1.6, cy - r * 0.6, cx + r * 1.6, cy + r * 0.6), outline=ring, width=3)
        angle = rng.uniform(0, math.tau)
        px, py = cx + r * 1.6 * math.cos(angle), cy + r * 0.6 * math.sin(angle)
        dot = rng.uniform(8, 22)
        draw.ellipse((px - dot, py - dot, px + dot, py + dot), fill=palette.accent)
    core = rng.uniform(50, 90)
    draw.ellipse((cx - core, cy - core, cx + core, cy + core), fill=palette.accent)
    for _ in range(120):
        x, y, s = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.choice((1, 2, 2, 3))
        draw.ellipse((x - s, y - s, x + s, y + s), fill=mix(palette.accent, (255, 255, 255), 0.5))


def motif_grid(img, draw, rng, palette):
    horizon = HEIGHT * rng.uniform(0.45, 0.58)
    glow = mix(palette.sky_bottom, palette.accent, 0.4)
    draw.rectangle((0, horizon - 6, WIDTH, horizon + 6), fill=glow)
    line = mix(palette.accent, palette.ground, 0.45)
    vanishing = WIDTH * rng.uniform(0.35, 0.65)
    draw.rectangle((0, horizon + 6, WIDTH, HEIGHT), fill=palette.ground)
    for i in range(-14, 15):
        draw.line((vanishing, horizon, vanishing + i * 160, HEIGHT), fill=line, width=2)
    y, gap = horizon + 8, 6.0
    while y < HEIGHT:
        draw.line((0, y, WIDTH, y), fill=line, width=2)
        gap *= 1.35
        y += gap
    for _ in range(rng.randint(5, 9)):
        w, h = rng.uniform(40, 140), rng.uniform(80, 300)
        x = rng.uniform(0, WIDTH - w)
        draw.rectangle((x, horizon - h, x + w, horizon - 6), fill=mix(palette.sky_top, palette.ground, 0.5))


def motif_track(img, draw, rng, palette):
    sun(draw, rng, palette, y_max=0.2)
    cx, cy = WIDTH * rng.uniform(0.4, 0.6), HEIGHT * 1.35
    lanes = rng.randint(5, 8)
    for i in reversed(range(lanes)):
        r = 700 + i * 70
        colour = mix(palette.ground, palette.sky_bottom, 0.15 + 0.1 * (i % 2))
        draw.ellipse((cx - r * 1.5, cy - r, cx + r * 1.5, cy + r), fill=colour)
        draw.ellipse((cx - r * 1.5, cy - r, cx + r * 1.5, cy + r), outline=palette.accent, width=4)
    r = 630
    draw.ellipse((cx - r * 1.5, cy - r, cx + r * 1.5, cy + r), fill=palette.ground)


def motif_stage(img, draw, rng, palette):
    floor = HEIGHT * 0.8
    for _ in range(rng.randint(3, 5)):
        x = rng.uniform(0.1, 0.9) * WIDTH
        spread = rng.uniform(120, 260)
        beam = Image.new("L", (WIDTH, HEIGHT), 0)
        ImageDraw.Draw(beam).polygon([(x - 20, 0), (x + 20, 0), (x + spread, floor), (x - spread, floor)], fill=90)
        img.paste(palette.accent, (0, 0), beam)
        draw.ellipse((x - spread, floor - 30, x + spread, floor + 30), fill=mix(palette.accent, palette.ground, 0.3))
    draw.rectangle((0, floor, WIDTH, HEIGHT), fill=palette.ground)
    for i in range(0, WIDTH, 120):
        draw.pieslice((i - 40, -120, i + 160, 140), 0, 180, fill=mix(palette.sky_top, palette.ground, 0.4))


def motif_shapes(img, draw, rng, palette):
    colours = [palette.accent, palette.ground, mix(palette.accent, palette.sky_top, 0.5), (255, 255, 255)]
    translucent = ImageDraw.Draw(img, "RGBA")  # fills blend with what is already drawn
    for _ in range(rng.randint(6, 9)):
        r = rng.uniform(90, 260)
        x, y = rng.uniform(0.1, 0.9) * WIDTH, rng.uniform(0.15, 0.75) * HEIGHT
        translucent.ellipse((x - r, y - r, x + r, y + r), fill=(*rng.choice(colours), 140))
    fill_below(draw, ridge(rng, HEIGHT * 0.84, 40), mix(palette.ground, palette.sky_bottom, 0.2))


# Each motif with what it shows, for alt texts and captions.
MOTIFS = {
    "hills": (motif_hills, "layered hills beneath a low sun"),
    "waves": (motif_waves, "rolling waves under a wide horizon"),
    "columns": (motif_columns, "a colonnaded public building under an evening sky"),
    "chart": (motif_chart, "rising and falling bars with a bright trend line"),
    "orbits": (motif_orbits, "orbits and bright points around a glowing centre"),
    "grid": (motif_grid, "a glowing horizon over a receding grid and tower blocks"),
    "track": (motif_track, "curved running lanes on a green field"),
    "stage": (motif_stage, "spotlights crossing an empty stage"),
    "shapes": (motif_shapes, "overlapping translucent circles over a gentle slope"),
}


def describe(motif: str) -> str:
    """What a motif shows, as a caption: 'Layered hills beneath a low sun.'"""
    text = MOTIFS[motif][1]
    return f"{text[0].upper()}{text[1:]}."


def seeded(key: str) -> random.Random:
    # A string seed is hashed with SHA-512 by random, so it is stable across runs.
    return random.Random(f"journos:{key}")


@lru_cache(maxsize=4)
def grain(size: tuple[int, int]) -> Image.Image:
    """Film grain, made once per size: making noise is the slowest step of a drawing."""
    noise = Image.effect_noise(size, 24).filter(ImageFilter.BoxBlur(1))
    return Image.merge("RGB", (noise, noise, noise))


def finish(img: Image.Image) -> Image.Image:
    """A faint grain, so flat colours read as print rather than clip art."""
    return Image.blend(img, grain(img.size), 0.05)


def to_jpeg(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=84, optimize=True, progressive=True)
    return buffer.getvalue()


@lru_cache(maxsize=256)
def illustration(key: str, palette_name: str, motif: str) -> tuple[bytes, str]:
    """JPEG bytes and an alt text for a 1600x900 illustration. Cached: drawn once per process."""
    rng = seeded(key)
    palette = PALETTES[palette_name]
    img = vertical_gradient((WIDTH, HEIGHT), jitter(palette.sky_top, rng), jitter(palette.sky_bottom, rng))
    draw_motif, shows = MOTIFS[motif]
    draw_motif(img, ImageDraw.Draw(img), rng, palette)
    return to_jpeg(finish(img)), f"Abstract illustration: {shows}, in {palette.name}."


SKIN_TONES = [(241, 205, 178), (224, 172, 136), (198, 134, 96), (150, 100, 70), (104, 68, 48)]
HAIR_COLOURS = {
    "black": (36, 28, 26),
    "brown": (96, 62, 40),
    "auburn": (140, 70, 40),
    "fair": (196, 160, 100),
    "grey": (196, 196, 192),
}


@lru_cache(maxsize=32)
def portrait(
    key: str, palette_name: str, *, skin: int, hair: str, long_hair: bool, glasses: bool
) -> tuple[bytes, str]:
    """A head-and-shoulders silhouette on a coloured ground, for an author's photo."""
    rng = seeded(key)
    palette = PALETTES[palette_name]
    size = AVATAR_SIZE
    img = vertical_gradient((size, size), palette.sky_bottom, palette.sky_top)
    draw = ImageDraw.Draw(img)
    skin_colour, hair_colour = SKIN_TONES[skin], HAIR_COLOURS[hair]
    cx, head_y = size / 2, size * 0.43
    head_w, head_h = rng.uniform(92, 104), rng.uniform(118, 130)
    if long_hair:  # hair falling behind the neck, to the shoulders
        draw.rounded_rectangle(
            (cx - head_w - 24, head_y - head_h, cx + head_w + 24, head_y + head_h + 90), 80, hair_colour
        )
    draw.ellipse((cx - 210, size * 0.76, cx + 210, size * 1.4), fill=jitter(palette.ground, rng, 16))  # shoulders
    draw.rectangle((cx - 42, head_y + head_h * 0.6, cx + 42, size * 0.8), fill=mix(skin_colour, (0, 0, 0), 0.15))
    draw.ellipse((cx - head_w - 10, head_y - head_h - 16, cx + head_w + 10, head_y + head_h * 0.4), fill=hair_colour)
    draw.ellipse((cx - head_w, head_y - head_h * 0.72, cx + head_w, head_y + head_h), fill=skin_colour)
    if glasses:
        for dx in (-40, 40):
            draw.ellipse((cx + dx - 30, head_y + 10, cx + dx + 30, head_y + 56), outline=(34, 34, 34), width=6)
        draw.line((cx - 10, head_y + 30, cx + 10, head_y + 30), fill=(34, 34, 34), width=6)
    return to_jpeg(finish(img)), f"Illustrated portrait: a head-and-shoulders silhouette on {palette.name}."
