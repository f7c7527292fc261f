"""One newsletter send in a process of its own, so a test can SIGKILL it half-way.

Usage: python tests/newsletter/worker_process.py ISSUE_ID SMTP_PORT
(with DATABASE_URL and DJANGO_SETTINGS_MODULE pointing at the test database).
"""

import sys


def main():
    issue_id, port = int(sys.argv[1]), int(sys.argv[2])
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.NEWSLETTER_BATCH_SIZE = 50
    settings.NEWSLETTER_SEND_RATE = 0

    from journos.newsletter import sending

    sys.stdout.write(sending.run(issue_id, time_budget=600) + "\n")


if __name__ == "__main__":
    main()
