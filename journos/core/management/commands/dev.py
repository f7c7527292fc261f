"""`manage.py dev` (what `make run` runs): the whole site on one machine, with one command.

Migrates and loads the demo quietly (a line each), then starts what production
runs as separate services (deploy/Procfile) as child processes: the task
worker (e-mail, purges, newsletter sending), the periodic jobs (scheduled
publishing, counter flushes) and the development web server. A short banner
says where everything is. Ctrl-C (or SIGTERM) stops all of them.

Each child has its own process group, so the terminal's Ctrl-C reaches this
process only, and it stops the children itself, in order and quietly.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from journos.core.outbox import outbox_dir, shown
from journos.news.demo.administrator import USERNAME, demo_admin, password_file, saved_password

STOP_TIMEOUT = 10.0  # seconds the children get to finish what they are doing after Ctrl-C


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver binds: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "Serve the site for development with its task worker and periodic jobs (what `make run` runs)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Address and port to serve on.")
        parser.add_argument("--no-seed", action="store_true", help="Do not load the demo into an empty database.")

    def handle(self, *args, addrport: str, no_seed: bool, **options):
        host, _, port = addrport.rpartition(":")
        if not port.isdigit():
            raise CommandError(f"{addrport!r} is not an address and port, e.g. 127.0.0.1:8000.")
        host = host or "127.0.0.1"
        site = f"http://{host}:{port}"
        if not port_is_free(host, int(port)):
            raise CommandError(
                f"Port {port} is already in use (another `make run`?). Stop it, or choose another port: "
                f"python manage.py dev {host}:{int(port) + 1}"
            )
        for alias in settings.CACHES:  # a recreated database must not meet the old one's cached pages
            caches[alias].clear()
        try:
            self.migrate()
            if not no_seed:
                self.seed()
        except KeyboardInterrupt:
            raise CommandError("Interrupted before the site started.") from None
        self.stopping = False
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        self.status("Starting the web server, the task worker and the periodic jobs…")
        self.children = self.start_children(f"{host}:{port}", site)
        try:
            if self.wait_for_web(host, int(port)):
                self.banner(site)
                self.watch()
        finally:
            self.stop_children()
        failed = [name for name, child in self.children.items() if child.returncode not in (0, -signal.SIGINT)]
        if failed and not self.stopping:
            raise CommandError(f"Stopped because the {failed[0]} stopped (see above).")

    # --- Before serving: the database and the demo ------------------------------------------

    def migrate(self) -> None:
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        started = time.monotonic()
        if pending:
            self.status(f"Applying {pending} migrations…")
        call_command("migrate", interactive=False, verbosity=0)
        took = time.monotonic() - started
        done = f"{pending} migrations applied in {took:.0f} s" if pending else "no new migrations"
        self.status(f"Database ready ({done})", final=True)

    def seed(self) -> None:
        self.status("Loading the demo content (once, into an empty database)…")
        output = StringIO()
        call_command("seed_demo", if_empty=True, stdout=output)
        loaded = [line for line in output.getvalue().splitlines() if line.startswith("Demo content ready")]
        self.status(loaded[0] if loaded else "", final=bool(loaded))

    def status(self, text: str, *, final: bool = False) -> None:
        """A line that the next one replaces on a terminal; only final lines stay (and go to logs)."""
        if self.stdout.isatty():
            self.stdout.write(f"\r\033[K{text}", ending="\n" if final else "")
        elif final:
            self.stdout.write(text)
        self.stdout.flush()

    # --- The processes ------------------------------------------------------------------------

    def start_children(self, addrport: str, site: str) -> dict[str, subprocess.Popen]:
        env = os.environ.copy()
        env.setdefault("TASK_BACKEND", "database")  # tasks go to the worker, as in production
        env.setdefault("SITE_URL", site)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        commands = {
            "task worker": [*manage, "db_worker", "--no-startup-delay"],
            "periodic jobs": [*manage, "run_periodic"],
            "web server": [*manage, "runserver", addrport],
        }
        # Their own start-up notices go nowhere; warnings, errors and the request log (stderr) show.
        return {
            name: subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, process_group=0)
            for name, command in commands.items()
        }

    def wait_for_web(self, host: str, port: int) -> bool:
        """True once the web server answers; False if something stopped first."""
        while not self.stopping and not self.exited():
            try:
                socket.create_connection((host, port), timeout=0.5).close()
                return True
            except OSError:
                time.sleep(0.1)
        return False

    def watch(self) -> None:
        while not self.stopping and not self.exited():
            time.sleep(0.2)

    def exited(self) -> str | None:
        for name, child in self.children.items():
            if child.poll() is not None:
                if not self.stopping:
                    self.stderr.write(f"The {name} stopped (exit status {child.returncode}); stopping the others.")
                return name
        return None

    def stop(self, *args) -> None:
        self.stopping = True

    def stop_children(self) -> None:
        """Ctrl-C to each child's process group (the reloaders and what they run), then SIGKILL the stragglers."""
        running = [child for child in self.children.values() if child.poll() is None]
        for child in running:
            self.signal_group(child, signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in running:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.signal_group(child, signal.SIGKILL)
                child.wait()
        for child in self.children.values():
            self.signal_group(child, signal.SIGKILL)  # a reloader's child left behind
        self.stdout.write("Stopped.")

    @staticmethod
    def signal_group(child: subprocess.Popen, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signum)

    # --- The banner ---------------------------------------------------------------------------

    def banner(self, site: str) -> None:
        password = saved_password()
        if not demo_admin().exists:
            login = "no demo administrator: `python manage.py createsuperuser`"
        elif password:
            login = f"user {USERNAME}, password {password}   (kept in {shown(password_file())})"
        else:
            login = f"user {USERNAME}; its password file is gone: `python manage.py changepassword {USERNAME}`"
        if settings.EMAIL_BACKEND == "journos.core.outbox.EmailBackend":
            mail = f"written to {shown(outbox_dir())}/ as .eml files, a line each here"
        else:
            mail = f"sent with {settings.EMAIL_BACKEND}"
        rule = "─" * 72
        lines = [
            rule,
            f"Journos is running at {site}/",
            f"  Admin       {site}/admin/",
            f"              {login}",
            f"  E-mails     {mail}",
            "  Background  task worker and periodic jobs (scheduled publishing, counters, newsletters)",
            "  Stop        Ctrl-C",
            rule,
        ]
        self.status("\n".join(lines), final=True)
        self.stdout.flush()
