"""Measure newsletter sending: N e-mails to a local SMTP sink (aiosmtpd), in e-mails per second.

Needs the test tools (requirements-dev.txt). Run it on a throwaway database:
`make bench-newsletter` does. The rows it creates are deleted afterwards.
"""

import socket
import threading
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.utils import override_settings
from django.utils import timezone

from journos.core.progress import Progress
from journos.newsletter import sending
from journos.newsletter.models import Issue, NewsletterList, Subscriber, Subscription


class Sink:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


class Command(BaseCommand):
    help = "Send N newsletter e-mails to a local SMTP sink and print e-mails per second."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=100)
        parser.add_argument("--rate", type=float, default=0, help="Throttle (e-mails/s); 0 measures the ceiling.")
        parser.add_argument("--workers", type=int, default=1, help="Workers sending the issue side by side.")

    def handle(self, *args, count, batch_size, rate, workers, **options):
        self.workers = max(1, workers)
        try:
            from aiosmtpd.controller import Controller
        except ImportError as error:
            raise CommandError("Install the test tools first: pip install -r requirements-dev.txt") from error
        sink = Sink()
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        newsletter = NewsletterList.objects.create(
            name="Benchmark", slug=f"bench-{uuid.uuid4().hex[:8]}", description="Benchmark", frequency="Never"
        )
        try:
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                EMAIL_USE_TLS=False,
                NEWSLETTER_BATCH_SIZE=batch_size,
                NEWSLETTER_SEND_RATE=rate,
            ):
                self.run_benchmark(newsletter, count, sink)
        finally:
            Subscriber.objects.filter(subscriptions__newsletter=newsletter).delete()
            newsletter.issues.all().delete()
            newsletter.delete()
            controller.stop()

    def run_benchmark(self, newsletter, count, sink):
        now = timezone.now()
        tag = newsletter.slug
        Subscriber.objects.bulk_create(
            (
                Subscriber(email=f"reader{n}@{tag}.example.com", state=Subscriber.State.CONFIRMED, confirmed_at=now)
                for n in range(count)
            ),
            batch_size=2000,
        )
        ids = Subscriber.objects.filter(email__endswith=f"@{tag}.example.com").values_list("pk", flat=True)
        Subscription.objects.bulk_create(
            (Subscription(subscriber_id=pk, newsletter=newsletter, confirmed_at=now) for pk in ids), batch_size=2000
        )
        issue = Issue.objects.create(
            newsletter=newsletter, subject="Benchmark issue", intro="<p>" + "A line of news. " * 60 + "</p>"
        )
        started = time.perf_counter()
        deliveries = sending.start_sending(issue)
        queued = time.perf_counter()
        threads = [threading.Thread(target=self.work, args=(issue.pk,)) for _ in range(self.workers)]
        for thread in threads:
            thread.start()
        progress = Progress("Sent", deliveries, stream=self.stdout)
        while any(thread.is_alive() for thread in threads):
            progress.update(sink.received)  # counted by the sink: no query competing with the workers
            time.sleep(0.2)
        progress.done()
        state = sending.finish_if_done(issue)
        finished = time.perf_counter()
        report = sending.report(issue)
        elapsed = finished - queued
        per_second = report["sent"] / elapsed
        self.stdout.write(f"Deliveries queued: {deliveries} in {queued - started:.2f} s")
        self.stdout.write(f"Sent: {report['sent']}, failed: {report['failed']}, pending: {report['pending']}, {state}")
        self.stdout.write(f"SMTP sink received: {sink.received}")
        self.stdout.write(f"Sending took {elapsed:.2f} s with {self.workers} worker(s): {per_second:.0f} e-mails/s")
        if sink.received != count or report["sent"] != count:
            raise CommandError("Not every e-mail arrived exactly once.")

    def work(self, issue_id):
        """One worker, as one `db_worker` process would run it (its own database connection)."""
        try:
            sending.run(issue_id, time_budget=24 * 3600)
        finally:
            connections.close_all()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
