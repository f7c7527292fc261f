"""Which tags a render depends on, collected while it runs.

A stack of frames lives in a context variable: the page cache middleware
opens one per request and each cached fragment one of its own; a closing
frame hands its tags to the one around it. Instances of the models
registered with `track()` tag the current frame as they are loaded from the
database, so a fragment that shows an article's headline, a picture or a
tag depends on them without saying so.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_init

ALL = "all"  # every cached entry depends on it: stamped when everything may have changed
_prefixes: dict[type, str] = {}
_frames: ContextVar[list | None] = ContextVar("journos_cache_frames", default=None)


class Frame:
    """One render being collected: its tags, when it began, and whether it used a stale copy."""

    __slots__ = ("tags", "started", "used_stale")

    def __init__(self):
        from journos.core.replicas import stale_allowance_ns  # (it imports the page cache, which imports us)

        self.tags = {ALL}
        # Read from a replica, what is built may be as old as the replica's allowed lag: it counts as begun then.
        self.started = time.time_ns() - stale_allowance_ns()
        self.used_stale = False


@contextmanager
def collecting():
    frames = _frames.get()
    token = None
    if frames is None:
        frames = []
        token = _frames.set(frames)
    frame = Frame()
    frames.append(frame)
    try:
        yield frame
    finally:
        frames.pop()
        if frames:
            frames[-1].tags |= frame.tags
            frames[-1].used_stale |= frame.used_stale
        if token is not None:
            _frames.reset(token)


def first_started(frame: Frame) -> int:
    """When the outermost render under way began (the request, usually), or this frame if it is alone."""
    frames = _frames.get()
    return frames[0].started if frames else frame.started


def depends_on(*tags) -> None:
    """The render under way shows what these tags name."""
    frames = _frames.get()
    if frames:
        frames[-1].tags.update(tags)


def used_stale_copy() -> None:
    """The render under way shows a copy known to be out of date: nothing around it may be kept long."""
    frames = _frames.get()
    if frames:
        for frame in frames:
            frame.used_stale = True


def track(model, prefix: str) -> None:
    """Loading an instance of `model` tags the render with `<prefix>:<pk>`."""
    _prefixes[model] = prefix
    post_init.connect(_loaded, sender=model, dispatch_uid=f"journos-cache-track-{model._meta.label}")


def tag_of(instance) -> str:
    """`page:12` for any page, `image:3`: the tag of an instance of a tracked model (or of a subclass)."""
    prefix = next(_prefixes[model] for model in type(instance).__mro__ if model in _prefixes)
    return f"{prefix}:{instance.pk}"


def loaded_with(instance) -> list[str]:
    """Tags of the related objects loaded together with `instance` (select_related), before any fragment."""
    related = instance._state.fields_cache.values()
    return [tag_of(item) for item in related if item is not None and type(item) in _prefixes]


def tags_of(value) -> list[str]:
    """What a cached fragment varying on `value` depends on: its own tag and any lists it shows."""
    if hasattr(value, "cache_tags"):
        return list(value.cache_tags)
    if type(value) in _prefixes:
        return [tag_of(value)]
    return []


def _loaded(sender, instance, **kwargs):
    frames = _frames.get()
    if frames and instance.pk is not None:
        frames[-1].tags.add(f"{_prefixes[sender]}:{instance.pk}")
