"""Newsletter settings with their defaults; override any of them in Django settings."""

from django.conf import settings

DEFAULTS = {
    # How long a confirmation link stays valid, in seconds.
    "CONFIRM_MAX_AGE": 3 * 24 * 3600,
    # E-mail domains refused at sign-up (throwaway-address services, known bot domains).
    "BLOCKED_DOMAINS": [],
    # E-mails per second one worker sends (0: as fast as the server accepts).
    "SEND_RATE": 10.0,
    # Deliveries a worker claims at once.
    "BATCH_SIZE": 100,
    # Tasks started side by side for one issue (with several `db_worker` processes).
    "PARALLEL_TASKS": 1,
    # Seconds one background task sends before it hands over to a fresh task.
    "TASK_TIME_BUDGET": 60,
    # Attempts before a delivery that keeps failing temporarily is given up.
    "MAX_ATTEMPTS": 5,
    # First retry after this many seconds, doubling each time.
    "RETRY_BASE_SECONDS": 60,
    # A claimed delivery not finished after this many seconds is taken over (its worker died).
    "CLAIM_LEASE_SECONDS": 600,
    # On PostgreSQL, record each sent e-mail without waiting for the disk flush (much faster;
    # only a crash of the database server itself could resend the last moment's e-mails).
    "ASYNC_COMMIT": True,
    # Sender address and backend of the newsletter (None: DEFAULT_FROM_EMAIL and EMAIL_BACKEND).
    "FROM_EMAIL": None,
    "EMAIL_BACKEND": None,
}


def get(name: str):
    return getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])
