"""`manage.py dev` (what `make run` runs), as a newcomer meets it: a real process on a fresh SQLite database.

One server for the module (migrating and seeding take a while): its banner,
an article scheduled a few seconds ahead that goes live without any other
command, a password-reset e-mail that lands in the outbox with one line in
the terminal, and Ctrl-C stopping every process it started.
"""

import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.conftest import CHROMIUM
from tests.production import servers

START_TIMEOUT = 400  # a fresh database: every migration, then the demo content, on a busy 2-core machine
TITLE = "Scheduled by the night desk"
HTTP_TIMEOUT = 90  # the first pages draw their image renditions: slow on a busy machine


class DevServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = servers.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="journos.settings.dev",
            DATABASE_URL=f"sqlite:///{folder / 'dev.sqlite3'}",
            MEDIA_ROOT=str(folder / "media"),
            EMAIL_OUTBOX_DIR=str(folder / "outbox"),
            PUBLISH_SCHEDULED_EVERY="2",  # production's minute, shortened so the test does not wait for it
            PYTHONUNBUFFERED="1",
        )
        for name in ("REDIS_URL", "TASK_BACKEND", "EMAIL_BACKEND", "SITE_URL"):
            self.env.pop(name, None)
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [servers.PYTHON, "manage.py", "dev", f"127.0.0.1:{self.port}"],
            cwd=servers.REPO,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output)
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in the output of manage.py dev:\n{self.output}")

    def descendants(self) -> set[int]:
        """Every process below this one (children and the reloaders' children), from /proc."""
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        found, frontier = set(), {self.process.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
            found |= frontier
        return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def dev():
    with tempfile.TemporaryDirectory(prefix="journos-dev-") as folder:
        server = DevServer(Path(folder))
        try:
            server.wait_for(r"Stop\s+Ctrl-C", START_TIMEOUT)
            yield server
        finally:
            servers.stop(server.process)


def run_in_site(dev: DevServer, code: str) -> str:
    result = servers.run_django(code, dev.env)
    assert result.returncode == 0, result.stderr
    return result.stdout


class TestDevServer:
    def test_banner_gives_the_site_the_admin_credentials_and_where_emails_go(self, dev):
        password = (dev.folder / ".demo-admin-password-dev").read_text().strip()
        assert f"Journos is running at {dev.url}/" in dev.output
        assert f"Admin       {dev.url}/admin/\n              user admin, password {password} " in dev.output
        assert f"E-mails     written to {dev.folder / 'outbox'}/" in dev.output
        assert "Database ready (" in dev.output and "migrations applied" in dev.output
        # Quiet: no migration lines, no runserver notices; the banner is the end of the start-up.
        startup = dev.output.split("Stop        Ctrl-C")[0]
        assert len(startup.splitlines()) <= 12, startup
        assert "Applying " not in startup.replace("\r", "\n").split("Database ready")[-1]
        assert requests.get(f"{dev.url}/", timeout=HTTP_TIMEOUT).status_code == 200

    def test_other_databases_leave_the_development_password_file_alone(self, dev):
        assert (dev.folder / ".demo-admin-password-dev").exists()
        assert not any(path.name == ".demo-admin-password" for path in dev.folder.iterdir())

    def test_a_scheduled_article_goes_live_by_itself_and_the_home_page_shows_it(self, dev):
        home = requests.get(f"{dev.url}/", timeout=HTTP_TIMEOUT).text  # cached by the web server's process
        assert TITLE not in home
        path = run_in_site(
            dev,
            "import json\n"
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from journos.news.models import ArticlePage, SectionPage\n"
            "section = SectionPage.objects.get(slug='world')\n"
            f"article = ArticlePage(title={TITLE!r}, standfirst='Filed at night, out at dawn.', live=False,\n"
            "    body=json.dumps([{'type': 'paragraph', 'value': '<p>Out on schedule.</p>'}]))\n"
            "section.add_child(instance=article)\n"
            "article.go_live_at = timezone.now() + timedelta(seconds=5)\n"
            "article.save_revision().publish()\n"
            "article.refresh_from_db()\n"
            "assert not article.live and article.get_latest_revision().approved_go_live_at\n"
            "print(article.url_path.split('/', 2)[2])\n",
        ).strip()
        article_url = f"{dev.url}/{path}"
        assert requests.get(article_url, timeout=HTTP_TIMEOUT).status_code == 404

        deadline = time.monotonic() + 60
        while requests.get(article_url, timeout=HTTP_TIMEOUT).status_code != 200:
            assert time.monotonic() < deadline, f"not published by the background jobs:\n{dev.output}"
            time.sleep(1)
        # Published by the worker, a different process: the web server's cached home page knows it.
        assert TITLE in requests.get(f"{dev.url}/", timeout=HTTP_TIMEOUT).text

    def test_an_email_lands_in_the_outbox_with_one_line_and_its_link(self, dev):
        session = requests.Session()
        form = session.get(f"{dev.url}/account/password/reset/", timeout=HTTP_TIMEOUT).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        answer = session.post(
            f"{dev.url}/account/password/reset/",
            data={"csrfmiddlewaretoken": token, "identifier": "admin@example.org"},
            headers={"Referer": f"{dev.url}/account/password/reset/"},
            timeout=HTTP_TIMEOUT,
            allow_redirects=False,
        )
        assert answer.status_code == 302

        line = dev.wait_for(r"E-mail to admin@example\.org: '([^']+)' → (\S+\.eml)  (\S+)", 60)
        subject, eml, link = line.groups()
        assert Path(eml).parent == dev.folder / "outbox"
        message = Path(eml).read_text()
        assert f"Subject: {subject}" in message and link in message
        assert link.startswith(f"{dev.url}/account/password/reset/")
        assert requests.get(link, timeout=HTTP_TIMEOUT).status_code in (200, 302)  # the link works as it is
        assert dev.output.count("E-mail to admin@example.org") == 1
        assert "Content-Type" not in dev.output  # the message itself is in the file, not in the terminal

    @pytest.mark.browser
    @pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
    def test_an_editor_schedules_a_change_in_the_status_panel_and_it_goes_live_by_itself(self, dev, browser):
        """The README's steps, in Chromium: Status panel → Set schedule → Schedule to publish; nothing else run."""
        pk, path, old_title = (
            run_in_site(
                dev,
                "from journos.news.models import ArticlePage\n"
                "article = ArticlePage.objects.live().exclude(title__startswith='Scheduled').order_by('pk').first()\n"
                "print(article.pk, article.url_path.split('/', 2)[2], article.title, sep='|')\n",
            )
            .strip()
            .split("|")
        )
        new_title = f"{old_title} (updated on schedule)"
        password = (dev.folder / ".demo-admin-password-dev").read_text().strip()
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        try:
            page.set_default_timeout(HTTP_TIMEOUT * 1000)
            page.goto(f"{dev.url}/admin/login/")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{dev.url}/admin/")

            page.goto(f"{dev.url}/admin/pages/{pk}/edit/")
            page.fill("#id_title", new_title)
            page.click("[data-side-panel-toggle='status']")
            page.get_by_role("button", name="Set schedule").click()
            go_live = datetime.now(UTC) + timedelta(seconds=70)  # a minute ahead, in whole minutes (the site's UTC)
            page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
            with page.expect_navigation():
                # By keyboard: the date picker may still cover the button for a mouse.
                page.get_by_role("button", name="Save schedule").press("Enter")
            page.locator("footer [data-w-dropdown-target='toggle']").first.click()
            with page.expect_navigation():
                page.get_by_role("button", name="Schedule to publish").click()
            assert "has been scheduled for publishing" in page.inner_text(".messages")
        finally:
            context.close()

        article_url = f"{dev.url}/{path}"
        assert old_title in requests.get(article_url, timeout=HTTP_TIMEOUT).text  # the live page waits for its time
        deadline = time.monotonic() + 150
        while new_title not in requests.get(article_url, timeout=HTTP_TIMEOUT).text:
            assert time.monotonic() < deadline, f"the scheduled change never went live:\n{dev.output}"
            time.sleep(2)
        assert datetime.now(UTC) >= go_live.replace(second=0, microsecond=0)  # not before its time

    def test_ctrl_c_stops_every_process_it_started_without_a_traceback(self, dev):
        children = dev.descendants()
        assert len(children) >= 3  # web server, task worker, periodic jobs (and their reloaders)
        os.kill(dev.process.pid, signal.SIGINT)
        assert dev.process.wait(30) == 0
        time.sleep(0.5)
        assert not [pid for pid in children if alive(pid)]
        assert "Traceback" not in dev.output
        assert dev.output.rstrip().endswith("Stopped.")


def test_a_port_in_use_is_said_at_once_before_any_work(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
        env.update(DJANGO_SETTINGS_MODULE="journos.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
        result = subprocess.run(
            [servers.PYTHON, "manage.py", "dev", f"127.0.0.1:{port}"],
            cwd=servers.REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert f"Port {port} is already in use (another `make run`?)" in result.stderr
    assert f"manage.py dev 127.0.0.1:{port + 1}" in result.stderr
    assert "Database ready" not in result.stdout and not (tmp_path / "db.sqlite3").exists()
