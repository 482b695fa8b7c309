"""The push's progress on a terminal: a bar per phase, with rows per second."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from graph.i18n import Lang, t

__all__ = ["PushProgress"]


class PushProgress:
    """A rich progress bar per push phase, with rows per second, on stderr."""

    def __init__(self, lang: Lang) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.lang = lang
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task: Any = None

    def __enter__(self) -> PushProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def phase(self, name: str, total: int) -> None:
        head, _, detail = name.partition(":")
        label = t(f"push_phase.{head}", self.lang)
        if detail:
            vocab = "node_label" if head == "nodes" else "edge_type"
            label += f" · {t(f'{vocab}.{detail}', self.lang)}"
        self.task = self.bar.add_task(label, total=total, rate="")

    def advance(self, done: int) -> None:
        self.bar.advance(self.task, done)
        speed = self.bar.tasks[-1].speed
        rate = t("cli.rows_per_second", self.lang, rate=f"{speed:,.0f}") if speed else ""
        self.bar.update(self.task, rate=rate)
