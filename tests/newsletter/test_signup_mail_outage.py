"""A mail server that is down never fails a sign-up: the confirmation e-mail is a task.

The reader gets the usual "check your inbox" answer and the address is saved
once. With the immediate task backend the failure is logged; with the database
queue (production) the e-mail waits in the queue and goes out once the server is back.
"""

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from journos.core.mail import RETRY_DELAYS
from journos.newsletter.models import Subscriber, Subscription
from tests.newsletter.test_signup import sign_up

CHECK_INBOX = "/newsletter/check-your-inbox/"


def confirmations_to(server, address: str) -> list:
    return [message for message in server.mailbox.to(address) if message["Subject"].startswith("Confirm")]


@pytest.mark.django_db
def test_sign_up_is_answered_and_saved_once_while_the_mail_server_is_down(client, smtp_down, newsletter, caplog):
    with caplog.at_level(logging.WARNING, logger="journos.core.mail"):
        response = sign_up(client, "ana@example.com")
    assert (response.status_code, response["Location"]) == (302, CHECK_INBOX)
    assert Subscriber.objects.get().email == "ana@example.com"
    assert Subscription.objects.count() == 1
    assert "send_confirmation failed" in caplog.text

    smtp_down.start()  # the server is back; the reader tries again
    assert sign_up(client, "ana@example.com")["Location"] == CHECK_INBOX
    assert len(confirmations_to(smtp_down, "ana@example.com")) == 1
    assert Subscriber.objects.count() == Subscription.objects.count() == 1


@pytest.mark.django_db
def test_account_page_list_change_is_saved_while_the_mail_server_is_down(
    client, smtp_down, newsletter, django_user_model, django_capture_on_commit_callbacks
):
    reader = django_user_model.objects.create_user("ana", "ana@example.com", "a-long-passphrase")  # unverified
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the e-mail is asked for on commit
        response = client.post("/newsletter/account/", {"lists": ["morning"], "next": "/account/"})
    assert response.status_code == 302 and len(callbacks) == 1
    assert Subscription.objects.filter(subscriber__email="ana@example.com", confirmed_at=None).count() == 1


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)  # db_worker takes its own transactions
def test_with_the_database_queue_the_confirmation_goes_out_once_the_server_is_back(
    client, settings, smtp_down, newsletter
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = sign_up(client, "ana@example.com")
    assert response["Location"] == CHECK_INBOX
    assert DBTaskResult.objects.filter(task_path="journos.newsletter.tasks.send_confirmation").count() == 1

    run_worker()  # the server is still down: the worker puts the e-mail back in the queue for later
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=RETRY_DELAYS[0] - 10)

    smtp_down.start()
    run_worker()
    assert confirmations_to(smtp_down, "ana@example.com") == []  # not due yet
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        run_worker()
    assert len(confirmations_to(smtp_down, "ana@example.com")) == 1
    assert Subscriber.objects.count() == 1
