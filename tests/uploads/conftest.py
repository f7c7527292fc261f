import io
import struct
import zlib

from django.contrib.auth.models import Group

import pytest
from PIL import Image

from tests.utils import ensure_wagtail_roots


@pytest.fixture
def editor(client, django_user_model, db):
    """A member of the newsroom's Editors group, signed in to the admin."""
    ensure_wagtail_roots()
    user = django_user_model.objects.create_user("eve", "eve@newsroom.example", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def png(width: int = 40, height: int = 30, noise: bool = False) -> bytes:
    """A real PNG (random pixels, so it does not compress, when `noise`)."""
    import os

    image = (
        Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        if noise
        else Image.new("RGB", (width, height), "teal")
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def gif(frames: int, width: int = 100, height: int = 100) -> bytes:
    images = [Image.new("RGB", (width, height), (color * 20 % 256, 0, 0)) for color in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=50, loop=0)
    return buffer.getvalue()
