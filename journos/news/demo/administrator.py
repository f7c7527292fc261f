"""The demo administrator: `admin`, with a password made on first creation.

The password is random (never written in the code), stored for the developer
in a git-ignored file readable only by its owner, and shown once.
"""

import os
import secrets
import string
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from journos.core.localfiles import beside_database
from journos.core.urls import absolute_url

USERNAME = "admin"
EMAIL = "admin@example.org"
GROUP = "Administrators"
ALPHABET = string.ascii_letters + string.digits


def password_file() -> Path:
    """`.demo-admin-password` for the development database; other databases have their own file."""
    default = beside_database(connection.settings_dict, settings.BASE_DIR, ".demo-admin-password")
    return Path(getattr(settings, "DEMO_ADMIN_PASSWORD_FILE", default))


def saved_password() -> str | None:
    """The password on file, if there is one."""
    try:
        return password_file().read_text().strip() or None
    except OSError:
        return None


def admin_url() -> str:
    return absolute_url("/admin/")


@dataclass
class DemoAdmin:
    exists: bool
    password: str | None = None  # only when it was just created


def ensure_demo_admin() -> DemoAdmin:
    """Create the demo administrator unless a user called `admin` exists already."""
    user_model = get_user_model()
    if user_model.objects.filter(username=USERNAME).exists():
        return DemoAdmin(exists=True)
    password = new_password()
    email = "" if user_model.objects.filter(email__iexact=EMAIL).exists() else EMAIL
    with transaction.atomic():
        user = user_model.objects.create_superuser(USERNAME, email, password)
        user.groups.add(Group.objects.get_or_create(name=GROUP)[0])
    write_password(password)
    return DemoAdmin(exists=True, password=password)


def new_password(length: int = 16) -> str:
    """Letters and digits only (about 95 bits), so a double-click selects all of it in a terminal."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def demo_admin() -> DemoAdmin:
    """What exists now, without creating anything."""
    return DemoAdmin(exists=get_user_model().objects.filter(username=USERNAME).exists())


def write_password(password: str):
    path = password_file()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    path.chmod(0o600)  # also when the file was already there with wider rights


def login_message(admin: DemoAdmin) -> str:
    if not admin.exists:
        return "There is no demo administrator: create one with `python manage.py createsuperuser`."
    if admin.password:
        return f"Log into {admin_url()} as {USERNAME} / {admin.password}\n(saved in {password_file()})"
    if password_file().exists():
        return f"Log into {admin_url()} as {USERNAME}: the password is in {password_file()}"
    return (
        f"Log into {admin_url()} as {USERNAME}. Its password file is gone: "
        f"set a new password with `python manage.py changepassword {USERNAME}`."
    )
