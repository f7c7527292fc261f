"""E-mail the site sends because someone did something: always from a task, never inside the request.

A view only enqueues (`send_something.enqueue(...)`); the task renders and
sends. So a mail server that is down or slow never turns a reader's request
into an error: the task logs the failure and, when the task backend can run
work later (the database worker, TASK_BACKEND=database), tries again after
RETRY_DELAYS. The immediate backend (development, tests, TASK_BACKEND=immediate)
runs the task inside the request and records a failure instead of raising it.

The answers of mail servers are read here too, for the newsletter's bulk sending.
"""

import logging
import smtplib
from datetime import timedelta
from functools import wraps

from django.utils import timezone

from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds before the second, third and fourth try while the mail server cannot take the message.
RETRY_DELAYS = (120, 600, 3600)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer about this recipient or message means: do not try again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException) and not isinstance(error, smtplib.SMTPSenderRefused):
        return error.smtp_code >= 500
    return False


def is_temporary(error: Exception) -> bool:
    """The server could not be reached, or said "try later" (4xx): the same message may go through later."""
    return isinstance(error, (smtplib.SMTPException, OSError)) and not is_permanent(error)


def describe(error: Exception) -> str:
    """The mail server's answer ("550 No such user"), else the error, in at most 300 characters."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        return f"{error.smtp_code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"[:300]
    return f"{type(error).__name__}: {error}"[:300]


def email_task(function):
    """Make `function`, which sends e-mail, a task: failures are logged, temporary ones tried again later.

    The function runs whole on every try, so links and tokens in the message are made fresh.
    """

    @wraps(function)
    def run(*args, email_attempt: int = 1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:
            retry = is_temporary(error) and email_attempt <= len(RETRY_DELAYS) and queued.get_backend().supports_defer
            logger.warning(
                "E-mail task %s failed on try %s%s: %s",
                function.__name__,
                email_attempt,
                "; trying again later" if retry else "",
                describe(error),
            )
            if retry:
                later = timezone.now() + timedelta(seconds=RETRY_DELAYS[email_attempt - 1])
                queued.using(run_after=later).enqueue(*args, email_attempt=email_attempt + 1, **kwargs)
            raise  # the task result records the failure; no backend passes it on to the request

    queued = task()(run)
    return queued
