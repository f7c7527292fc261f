from django.contrib.auth import get_user_model

import factory

from journos.comments.models import Comment
from journos.comments.text import digest


class ReaderFactory(factory.django.DjangoModelFactory):
    """A reader with a confirmed address (password: "a-long-and-unusual-passphrase")."""

    username = factory.Sequence(lambda n: f"reader{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    email_verified = True
    password = factory.django.Password("a-long-and-unusual-passphrase")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class CommentFactory(factory.django.DjangoModelFactory):
    """A public comment (approved) by a new reader."""

    author = factory.SubFactory(ReaderFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}: a thought about the story.")
    body_digest = factory.LazyAttribute(lambda comment: digest(comment.body))
    status = Comment.Status.APPROVED

    class Meta:
        model = Comment
