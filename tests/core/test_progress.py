"""Terminal progress of long commands (journos/core/progress.py)."""

import io

from journos.core.progress import Progress, remaining


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_one_line_updates_in_place_with_percent_and_time_left():
    clock, screen = FakeClock(), Terminal()
    progress = Progress("Articles", 10000, stream=screen, clock=clock)
    for _ in range(12):
        clock.now += 1
        progress.advance(100)
    progress.done()
    frames = screen.getvalue().split("\r\033[K")
    assert "\n" not in screen.getvalue()  # nothing scrolls
    assert frames[-2] == "Articles 1,200/10,000 (12%) ~88 s left"  # 100 a second, 8,800 to go
    assert frames[-1] == ""  # the line is cleared for the summary that follows


def test_into_a_file_plain_lines_every_few_seconds():
    clock, log = FakeClock(), io.StringIO()
    progress = Progress("Articles", 600, stream=log, clock=clock)
    for _ in range(6):
        clock.now += 2
        progress.advance(100)
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and "\033" not in log.getvalue()
    assert lines == ["Articles 300/600 (50%) ~6 s left", "Articles 600/600 (100%)"]


def test_time_left_reads_naturally():
    assert remaining(0.2) == "~1 s left"
    assert remaining(40) == "~40 s left"
    assert remaining(600) == "~10 min left"
    assert remaining(3 * 3600) == "~3.0 h left"


def test_update_sets_the_count_of_work_done_elsewhere_never_past_the_total():
    clock, log = FakeClock(), io.StringIO()
    progress = Progress("Sent", 1000, stream=log, clock=clock)
    clock.now = 10
    progress.update(250)
    clock.now = 20
    progress.update(1200)  # a sink may count a message twice; the line never says 120%
    assert log.getvalue().splitlines() == ["Sent 250/1,000 (25%) ~30 s left", "Sent 1,000/1,000 (100%)"]
