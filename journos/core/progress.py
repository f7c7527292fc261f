"""Progress of long management commands on the terminal: "Articles 1200/10000 (12%) ~40 s left".

On a terminal the line updates in place (carriage return) a few times a
second; into a file or a pipe (cron, CI logs) a plain line is written every
few seconds instead, so logs stay readable.

    progress = Progress("Articles", total, stream=self.stdout)
    for chunk in chunks:
        ...
        progress.advance(len(chunk))
    progress.done()
"""

import time

TTY_EVERY = 0.2  # seconds between redraws on a terminal
LOG_EVERY = 5.0  # seconds between lines into a file or pipe


def remaining(seconds: float) -> str:
    if seconds < 90:
        return f"~{max(1, round(seconds))} s left"
    if seconds < 90 * 60:
        return f"~{round(seconds / 60)} min left"
    return f"~{seconds / 3600:.1f} h left"


class Progress:
    def __init__(self, label: str, total: int, *, stream, clock=time.monotonic):
        self.label = label
        self.total = max(0, total)
        self.stream = stream  # a file, or Django's OutputWrapper (self.stdout)
        self.clock = clock
        self.started = self.shown_at = clock()
        self.count = 0
        self.drawn = False
        self.tty = stream.isatty() if hasattr(stream, "isatty") else False

    def line(self) -> str:
        text = f"{self.label} {self.count:,}/{self.total:,}"
        if self.total:
            text += f" ({self.count * 100 // self.total}%)"
        elapsed = self.clock() - self.started
        if 0 < self.count < self.total and elapsed > 0:
            text += " " + remaining(elapsed / self.count * (self.total - self.count))
        return text

    def advance(self, step: int = 1) -> None:
        self.update(self.count + step)

    def update(self, count: int) -> None:
        """Set how many are done (for work counted elsewhere, e.g. by other threads)."""
        self.count = min(self.total, count)
        now = self.clock()
        if now - self.shown_at >= (TTY_EVERY if self.tty else LOG_EVERY):
            self.shown_at = now
            self.show()

    def show(self) -> None:
        if self.tty:
            self.write(f"\r\033[K{self.line()}")
            self.drawn = True
        else:
            self.write(self.line() + "\n")

    def done(self) -> None:
        """End the progress line (a finished summary follows it on its own line)."""
        if self.tty and self.drawn:
            self.write("\r\033[K")

    def write(self, text: str) -> None:
        # Django's OutputWrapper adds a newline unless told otherwise.
        if hasattr(self.stream, "style_func"):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
