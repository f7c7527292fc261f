"""Bar charts drawn on the server as inline SVG, for the admin (no chart library, no script).

The SVG carries geometry only (x, y, width, height); colours come from classes in
static/css/admin-dashboard.css, because the Content-Security-Policy (journos.core.security)
is meant to forbid inline styles. templates/components/bar_chart.html draws a chart with a
table of the same numbers for screen readers.
"""

from dataclasses import dataclass

WIDTH = 600
HEIGHT = 160
# Room under the bars for the axis labels.
LABEL_HEIGHT = 20


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_label: bool


@dataclass(frozen=True)
class BarChart:
    title: str
    value_label: str
    bars: list[Bar]
    maximum: int
    width: int = WIDTH
    height: int = HEIGHT + LABEL_HEIGHT
    baseline: int = HEIGHT

    @property
    def view_width(self) -> int:
        """The drawing plus a margin each side, so the first and last labels are not cut."""
        return self.width + 40

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(points: list[tuple[str, int]], *, title: str, value_label: str = "Views", label_every: int = 1):
    """A chart of `points` [(label, value)], bars scaled to the largest value; every `label_every`th
    bar is labelled under the axis (24 hourly labels do not fit side by side)."""
    maximum = max((value for _, value in points), default=0)
    slot = WIDTH / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = round(HEIGHT * value / maximum, 1) if maximum else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(index * slot + slot * 0.1, 1),
                y=round(HEIGHT - height, 1),
                width=round(slot * 0.8, 1),
                height=height,
                label_x=round(index * slot + slot / 2, 1),
                show_label=index % label_every == 0,
            )
        )
    return BarChart(title=title, value_label=value_label, bars=bars, maximum=maximum)
