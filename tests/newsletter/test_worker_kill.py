"""A real worker process is SIGKILLed half-way through a send; the send resumes exactly once per reader."""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

from journos.newsletter import sending
from journos.newsletter.factories import IssueFactory
from journos.newsletter.models import Delivery, Issue
from tests.newsletter.test_sending import assert_each_received_once, make_subscribers

ROOT = Path(__file__).resolve().parents[2]
KILL_AT = 300


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sigkilled_worker_process_resumes_with_no_duplicate_and_no_gap(smtp, newsletter):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database a second process can share: run with DATABASE_URL on PostgreSQL")
    addresses = make_subscribers(newsletter, 1000)
    issue = IssueFactory(newsletter=newsletter)
    sending.start_sending(issue)
    worker = {}

    async def kill_on_message(envelope):
        """At message KILL_AT, kill the worker while it waits for our answer: this one is never accepted."""
        if len(smtp.mailbox.messages) == KILL_AT - 1 and "process" in worker:
            worker.pop("process").kill()
            return "451 4.3.0 Aborted: the client went away"
        return None

    smtp.mailbox.on_data = kill_on_message
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "journos.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/newsletter/worker_process.py"), str(issue.pk), str(smtp.port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    worker["process"] = process
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, stderr.decode()[-2000:]

    assert len(smtp.mailbox.messages) == KILL_AT - 1
    assert issue.deliveries.filter(state=Delivery.State.SENT).count() == KILL_AT - 1
    assert issue.deliveries.filter(state=Delivery.State.SENDING).exists()  # the dead worker's claims

    smtp.mailbox.on_data = None
    call_command("newsletter_resume", "--release-claims", stdout=io.StringIO())

    assert_each_received_once(smtp.mailbox, addresses)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
