"""Development e-mail: numbered .eml files in the outbox, one log line each (journos/core/outbox.py)."""

import email
import logging
import threading

from django.core import mail

import pytest


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "journos.core.outbox.EmailBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    return tmp_path / "outbox"


def test_each_message_is_a_numbered_eml_file_a_mail_client_opens(outbox):
    message = mail.EmailMultiAlternatives(
        "Confirm your subscription",
        "Hello,\n\nConfirm here: http://127.0.0.1:8000/newsletter/confirm/abc/ (valid three days).\n",
        "news@localhost",
        ["reader@example.org"],
    )
    html = "<p><a href='http://127.0.0.1:8000/newsletter/confirm/abc/'>Confirm</a></p>"
    message.attach_alternative(html, "text/html")
    message.send()
    mail.send_mail("Second", "No link here.", "news@localhost", ["other@example.org"])

    assert sorted(path.name for path in outbox.iterdir()) == ["001.eml", "002.eml"]
    parsed = email.message_from_bytes((outbox / "001.eml").read_bytes())
    assert parsed["Subject"] == "Confirm your subscription" and parsed["To"] == "reader@example.org"
    assert [part.get_content_type() for part in parsed.walk()][1:] == ["text/plain", "text/html"]


def test_one_log_line_with_recipient_subject_file_and_first_link(outbox, caplog):
    with caplog.at_level(logging.INFO, logger="journos.outbox"):
        mail.send_mail(
            "Set a new password",
            "Choose a new password: http://127.0.0.1:8000/account/password/reset/MQ/tok/\n"
            "Or ignore this: https://example.org/help",
            "news@localhost",
            ["admin@example.org"],
            html_message="<html><body><p>Long markup that never reaches the terminal</p></body></html>",
        )
    assert [record.getMessage() for record in caplog.records] == [
        f"E-mail to admin@example.org: 'Set a new password' → {outbox / '001.eml'}"
        "  http://127.0.0.1:8000/account/password/reset/MQ/tok/"
    ]


def test_processes_sending_at_once_never_share_a_number(outbox):
    """The web server and the task worker both send; a number is claimed by creating its file."""
    threads = [
        threading.Thread(target=mail.send_mail, args=(f"Message {n}", "Body", "news@localhost", ["a@example.org"]))
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subjects = {email.message_from_bytes(path.read_bytes())["Subject"] for path in outbox.iterdir()}
    assert len(list(outbox.iterdir())) == 8 and subjects == {f"Message {n}" for n in range(8)}


def test_tests_still_use_djangos_memory_outbox():
    mail.send_mail("In memory", "Body", "news@localhost", ["a@example.org"])
    assert [message.subject for message in mail.outbox] == ["In memory"]
