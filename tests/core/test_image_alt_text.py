"""The image form takes alt text seriously: labelled as such, required unless the image is decorative."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file

import pytest

from journos.core.factories import ImageFactory
from journos.core.models import CustomImage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@journos.test", "x"))
    return client


def add(admin_client, **fields):
    upload = SimpleUploadedFile("harbour.png", get_test_image_file().file.getvalue(), content_type="image/png")
    data = {"title": "Harbour at dawn", "file": upload, **fields}
    return admin_client.post(reverse("wagtailimages:add"), data)


def test_the_form_says_the_description_is_the_alt_text(admin_client):
    page = admin_client.get(reverse("wagtailimages:add")).content.decode()
    assert "Alt text (description)" in page
    assert "Read aloud by screen readers" in page
    assert "Decorative image" in page


def test_an_image_without_alt_text_is_refused(admin_client):
    response = add(admin_client, description="  ")
    assert response.status_code == 200  # the form again, with the message
    assert "Write the alt text, or tick" in response.content.decode()
    assert not CustomImage.objects.exists()


def test_an_image_with_alt_text_is_saved(admin_client):
    response = add(admin_client, description="Fishing boats moored at dawn")
    assert response.status_code == 302, response.context["form"].errors
    assert CustomImage.objects.get().alt_text == "Fishing boats moored at dawn"


def test_a_decorative_image_needs_no_alt_text_and_prints_an_empty_alt(admin_client):
    assert add(admin_client, description="", is_decorative="on").status_code == 302
    image = CustomImage.objects.get()
    assert image.is_decorative and image.alt_text == ""
    html = render_to_string("components/figure.html", {"image": image})
    assert 'alt=""' in html and "Harbour at dawn" not in html  # not even the title as a fallback


def test_editing_an_image_cannot_empty_its_alt_text(admin_client):
    image = ImageFactory(title="Quay", description="The quay in the rain")
    edit_url = reverse("wagtailimages:edit", args=[image.pk])
    response = admin_client.post(edit_url, {"title": "Quay", "collection": image.collection_id, "description": ""})
    assert "Write the alt text, or tick" in response.content.decode()
    image.refresh_from_db()
    assert image.description == "The quay in the rain"
    response = admin_client.post(
        edit_url, {"title": "Quay", "collection": image.collection_id, "description": "", "is_decorative": "on"}
    )
    assert response.status_code == 302, response.context["form"].errors
    image.refresh_from_db()
    assert image.is_decorative


def test_pages_print_the_alt_text_of_an_image_that_has_one():
    image = ImageFactory(description="Fishing boats moored at dawn")
    assert 'alt="Fishing boats moored at dawn"' in render_to_string("components/figure.html", {"image": image})


def test_the_multiple_uploader_asks_for_the_alt_text_after_the_upload(admin_client):
    upload = SimpleUploadedFile("quay.png", get_test_image_file().file.getvalue(), content_type="image/png")
    answer = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload}).json()
    assert answer["success"] and "Alt text (description)" in answer["form"]
    assert not CustomImage.objects.exists()  # kept aside until the alt text is given
