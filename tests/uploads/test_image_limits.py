"""Image uploads in the admin, as an editor: limits are form errors, checked before decoding, never a 500.

Before (main): the 65-byte PNG claiming 60000 × 60000 pixels answered 500 (Pillow's decompression-bomb
error escaped Wagtail's form), and an animated GIF counted as one frame against the pixel limit.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from journos.core.models import CustomImage
from tests.uploads.conftest import gif, png, png_claiming

ADD = "/admin/images/add/"
ADD_MULTIPLE = "/admin/images/multiple/add/"


def upload(client, name: str, content: bytes, url: str = ADD):
    data = {"title": name, "description": "A test pattern", "file": SimpleUploadedFile(name, content)}
    if url == ADD_MULTIPLE:
        data = {"files[]": data["file"]}
    return client.post(url, data)


def file_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def test_a_tiny_png_claiming_huge_dimensions_is_a_form_error(editor):
    bomb = png_claiming(60000, 60000)
    assert len(bomb) < 100

    response = upload(editor, "bomb.png", bomb)

    assert response.status_code == 200
    assert "far too large" in file_errors(response)[0]
    assert not CustomImage.objects.exists()


def test_the_multiple_uploader_refuses_it_too(editor):
    response = upload(editor, "bomb.png", png_claiming(60000, 60000), url=ADD_MULTIPLE)

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not CustomImage.objects.exists()


def test_animated_gif_frames_count_against_the_pixel_limit(editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000  # 100 × 100 = 10,000 pixels a frame

    too_many = upload(editor, "ten-frames.gif", gif(frames=10))
    assert too_many.status_code == 200
    assert "too many pixels (100000)" in file_errors(too_many)[0]

    response = upload(editor, "three-frames.gif", gif(frames=3))
    assert response.status_code == 302, file_errors(response)
    assert CustomImage.objects.get().title == "three-frames.gif"


def test_a_truncated_image_is_a_form_error(editor):
    whole = png(200, 200, noise=True)

    response = upload(editor, "cut.png", whole[: len(whole) // 2])

    assert response.status_code == 200
    assert "Upload a valid image" in file_errors(response)[0]
    assert not CustomImage.objects.exists()


def test_bytes_are_checked_first(editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000

    response = upload(editor, "bomb.png", png_claiming(60000, 60000) + b"\0" * 1000)

    assert "This file is too big" in file_errors(response)[0]


def test_an_image_within_the_limits_is_saved(editor):
    response = upload(editor, "photo.png", png())

    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert (image.width, image.height) == (40, 30)
    assert image.file.storage.exists(image.file.name)
