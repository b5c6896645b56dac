"""Push Selected…: the plan for the chosen destinations, then applying it with a progress bar
and Cancel, as `destination-cli remote push --only NAME…` does.

The plan is made from a fresh read of the subaccount in a background job; destinations with
error findings block it, with the findings shown. Applying runs in a background job too; Cancel
stops before the next step and the dialog says what was applied and what was not.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import InputError
from core.remote.actions import Comparison, compare_workspace, open_client
from core.remote.sync import Plan, PushResult, Step, apply, plan
from core.secrets import FallbackStore
from gui.jobs import Jobs


class _Progress(QObject):
    # Emitted from the job's thread; Qt queues it to the dialog's.
    stepped = Signal(int, str)


class PushDialog(QDialog):
    def __init__(
        self,
        jobs: Jobs,
        store: FallbackStore,
        remote: str,
        folder: Path,
        level: str,
        only: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs, self.store, self.remote_name = jobs, store, remote
        self.folder, self.level, self.only = folder, level, only
        self.setWindowTitle(f"Push to {remote}")
        self.setAccessibleName("Push Selected")
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"Reading {remote} to make the plan…", self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Plan")
        layout.addWidget(self.steps)
        self.delete = QCheckBox(
            "&Delete the ticked destinations that only the subaccount holds", self
        )
        self.delete.setVisible(False)
        self.delete.toggled.connect(lambda _: self._make_plan())
        layout.addWidget(self.delete)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress")
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(self)
        self.push_button = QPushButton("&Push", self)
        self.push_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.buttons.addButton(self.push_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.push_button.clicked.connect(self.push)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)
        self._progress = _Progress(self)
        self._progress.stepped.connect(self._stepped)
        self._cancel = threading.Event()
        self.running = False
        self.plan: Plan | None = None
        self.comparison: Comparison | None = None
        self.outcome: PushResult | None = None
        self.resize(560, 420)
        self._make_plan()

    def _make_plan(self) -> None:
        name, folder, store, level, only = (
            self.remote_name,
            self.folder,
            self.store,
            self.level,
            self.only,
        )
        delete = self.delete.isChecked()
        self.push_button.setEnabled(False)

        def work() -> tuple[Comparison, Plan]:
            comparison = compare_workspace(name, folder, store, level)
            return comparison, plan(comparison.diff, comparison.local, only, delete)

        self.jobs.submit("push-plan", work, self._planned, self._failed)

    def _failed(self, exc: Exception) -> None:
        text = str(exc) if isinstance(exc, InputError) else f"unexpected: {type(exc).__name__}"
        self.message.setText(f"Could not push: {text}.")
        self.running = False
        self.cancel_button.setText("Close")

    def _planned(self, made: tuple[Comparison, Plan]) -> None:
        self.comparison, self.plan = made
        the_plan = self.plan
        self.steps.clear()
        if the_plan.blocked:
            self.heading.setText("Nothing can be pushed: these destinations have error findings.")
            for name, findings in the_plan.blocked.items():
                for f in findings:
                    self.steps.addItem(f"{name}: {f.message}  ({f.code})")
            self.cancel_button.setText("Close")
            return
        if not the_plan.steps:
            self.heading.setText(f"Nothing to push: {self.remote_name} holds the same.")
            for name in the_plan.skipped:
                self.steps.addItem(f"kept (only in the subaccount): {name}")
            self.delete.setVisible(bool(the_plan.skipped))
            return
        self.heading.setText(f"Plan for {self.remote_name} ({self.level} level):")
        for step in the_plan.steps:
            self.steps.addItem(str(step))
        for name in the_plan.skipped:
            self.steps.addItem(f"kept (only in the subaccount): {name}")
        self.delete.setVisible(bool(the_plan.skipped) or self.delete.isChecked())
        self.progress.setMaximum(len(the_plan.steps))
        self.push_button.setEnabled(True)

    def push(self) -> None:
        if self.plan is None or self.comparison is None:
            return
        deletes = [s for s in self.plan.steps if s.action.startswith("delete")]
        if deletes:
            answer = QMessageBox.question(
                self,
                "Delete in the subaccount",
                f"Delete {_names(deletes).replace('delete ', '')} in {self.remote_name}? "
                "This cannot be undone.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.message.setText("Nothing was pushed: deleting was not confirmed.")
                return
        steps, local = self.plan.steps, self.comparison.local
        self.delete.setEnabled(False)
        name, store, level = self.remote_name, self.store, self.level
        progress, cancelled = self._progress, self._cancel
        self.running = True
        self.push_button.setEnabled(False)

        def work() -> PushResult:
            with open_client(name, store) as client:
                return apply(
                    steps,
                    local,
                    client,
                    level,
                    progress=lambda i, step: progress.stepped.emit(i, str(step)),
                    cancelled=cancelled.is_set,
                )

        self.jobs.submit("push", work, self._done, self._failed)

    def _stepped(self, index: int, step: str) -> None:
        self.progress.setValue(index)
        self.message.setText(f"{step}…")

    def _done(self, result: PushResult) -> None:
        self.running = False
        self.outcome = result
        total = len(result.applied) + len(result.not_applied)
        self.progress.setValue(len(result.applied))
        lines = [f"Applied {len(result.applied)} of {total} steps."]
        if result.cancelled:
            lines.append("Cancelled; not applied: " + _names(result.not_applied) + ".")
        elif result.failure:
            lines.append(f"{result.failure}; not applied: {_names(result.not_applied)}.")
            lines.append("Push again to finish.")
        self.message.setText(" ".join(lines))
        self.cancel_button.setText("Close")

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.message.setText("Cancelling after the current step…")
            return
        self.jobs.cancel("push-plan")
        self.reject()

    def closeEvent(self, event: Any) -> None:
        self._cancel.set()
        super().closeEvent(event)


def _names(steps: list[Step]) -> str:
    return ", ".join(str(s) for s in steps) or "nothing"
