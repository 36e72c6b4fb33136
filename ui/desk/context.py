"""What a feature of the desk is given: the window, the library, the runner, what is
open, and a few services. Never the controller itself, so a feature cannot reach
into another's state; features meet only through ``announce`` (the one change
signal) and the ``Session``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.changes import Changes
from app.errors import CopydeskError
from app.library import Library
from app.model import Citation, Claim, Report, Story
from app.workflow import ConflictError, StoryState
from ui.render import CitationKey
from ui.settings import DeskSettings
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from ui.views.main_window import MainWindow


@dataclass
class OpenStory:
    """The story on screen: its text, claims, state and (once checked) its report."""

    story: Story
    claims: tuple[Claim, ...]
    state: StoryState
    report: Report | None = None
    # Citations waived on this revision: key -> (actor, note) (``core_adapter``).
    waivers: dict[CitationKey, tuple[str, str]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.story.id

    def citation(self, key: CitationKey) -> Citation | None:
        if self.report is None:
            return None
        for claim in self.report.claims:
            if claim.index == key[0]:
                for c in claim.citations:
                    if c.n == key[1]:
                        return c
        return None


@dataclass
class Session:
    """What the reviewer has open: the story, its citations in reading order, the one
    selected. Reading writes ``current`` and ``order``; the citations walk ``selected``."""

    current: OpenStory | None = None
    order: list[CitationKey] = field(default_factory=list)
    selected: CitationKey | None = None

    def is_open(self, story_id: str) -> bool:
        return self.current is not None and self.current.id == story_id


def in_library(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn(library, *args)`` on a worker with the worker's own connection."""
    def job(db_path: str, *args: Any, progress: Any = None, cancelled: Any = None) -> Any:
        with Library(db_path) as library:
            return fn(library, *args)
    job.__name__ = getattr(fn, "__name__", "job")
    return job


@dataclass
class DeskContext:
    """The narrow view of the desk a feature works through."""

    window: MainWindow
    library: Library  # the GUI thread's connection: quick reads only
    db_path: str  # workers open their own connection to it
    settings: DeskSettings
    runner: TaskRunner
    session: Session
    announce: Callable[[Changes], None]  # a write finished: the controller redraws
    open_story: Callable[..., None]  # (story_id, keep_selection=False, recheck=False)
    show_error: Callable[..., None]  # (message, title=None)
    open_dialog: Callable[[Any], None]
    ask_reviewer: Callable[..., None]  # (then(actor), force=False)
    closing: Callable[[], bool]
    writes: list[Task] = field(default_factory=list)  # running writes, for the watch
    # Stories a long write of the desk's own (a fetch) is writing to, while it runs:
    # the watch keeps polling, and passes over those stories' events.
    writing_to: list[str] = field(default_factory=list)

    def status(self, message: str, ms: int = 5000) -> None:
        self.window.statusBar().showMessage(message, ms)

    def write(self, label: str, fn: Callable[..., Any], *args: Any,
              on_success: Callable[[Any], None],
              changes_of: Callable[[Any], Changes] | None = None,
              prepare: Callable[[Any], None] | None = None,
              long_on: str | None = None, **kwargs: Any) -> Task:
        """Run a core write on a worker. When it is done: ``prepare(result)``, then the
        result's ``changes`` are announced (the one redraw), then ``on_success(result)``
        (messages, signals). ``changes_of`` says what changed for a result that does not
        say it itself. While a write runs the library watch waits, so the desk's own
        write is redrawn once, from its result; a long one (``long_on``: the story it
        writes to, e.g. a fetch) lets the watch go on, past that story's events."""
        def succeeded(result: Any) -> None:
            if prepare is not None:
                prepare(result)
            changes = changes_of(result) if changes_of else getattr(result, "changes", None)
            if isinstance(changes, Changes):
                self.announce(changes)
            on_success(result)
        kwargs.setdefault("on_failure", self.task_failed)
        kwargs.setdefault("cancellable", False)
        task = self.runner.start(label, fn, *args, on_success=succeeded, **kwargs)
        held = self.writing_to if long_on is not None else self.writes
        mark: Any = long_on if long_on is not None else task
        held.append(mark)
        task.ended.connect(lambda: held.remove(mark) if mark in held else None)
        return task

    def task_failed(self, error: BaseException) -> None:
        if isinstance(error, ConflictError) and self.session.is_open(error.story_id):
            self.open_story(error.story_id, keep_selection=True)
        self.show_error(str(error) if isinstance(error, CopydeskError)
                        else f"{type(error).__name__}: {error}")
