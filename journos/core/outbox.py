"""Development e-mail: each message becomes a numbered .eml file in the outbox folder.

Nothing leaves the machine, and the terminal gets one line per message, with
the recipient, the subject, the file and the first link of the text, so a
confirmation or reset link is one click away (any mail client opens the .eml).
Several processes send (the development server, the task worker): a number is
claimed by creating its file exclusively, so two messages never share one.
"""

import logging
import os
import re
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("journos.outbox")

LINK = re.compile(r"https?://[^\s<>\"')\]]+")


def outbox_dir() -> Path:
    return Path(getattr(settings, "EMAIL_OUTBOX_DIR", settings.BASE_DIR / "outbox"))


def shown(path: Path) -> str:
    """The path as a developer would type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def first_link(message) -> str:
    found = LINK.search(message.body or "")
    return found.group(0) if found else ""


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            path = self.write(folder, message.message().as_bytes(linesep="\n"))
            link = first_link(message)
            logger.info(
                "E-mail to %s: %r → %s%s",
                ", ".join(message.recipients()),
                message.subject,
                shown(path),
                f"  {link}" if link else "",
            )
            sent += 1
        return sent

    def write(self, folder: Path, data: bytes) -> Path:
        number = max((int(p.stem) for p in folder.glob("*.eml") if p.stem.isdigit()), default=0) + 1
        while True:
            path = folder / f"{number:03d}.eml"
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process took this number first
                number += 1
                continue
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            return path
