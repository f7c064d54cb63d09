"""Where a long command's time goes: wall and CPU seconds of each named stage, in order.

Rule: a stage ends when the next is marked (``mark(name)`` closes the stage ``name`` that ran
since the previous mark). CPU is this process's own (``time.process_time``): worker processes'
CPU is not in it, so a stage where the driver waits on workers shows wall well above CPU.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Stages:
    """Stage timings of one run (see the module docstring)."""

    done: list[tuple[str, float, float]] = field(default_factory=list)
    """(stage, wall seconds, CPU seconds), in the order they ran."""
    _wall: float = field(default_factory=time.perf_counter)
    _cpu: float = field(default_factory=time.process_time)

    def mark(self, name: str) -> None:
        """Close the stage ``name``: the time since the last mark (or since the start)."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.done.append((name, wall - self._wall, cpu - self._cpu))
        self._wall, self._cpu = wall, cpu

    def lines(self) -> list[str]:
        """One line per stage: name, wall and CPU seconds."""
        width = max((len(name) for name, _, _ in self.done), default=0)
        return [f"{name:<{width}}  {wall:7.2f} s wall  {cpu:7.2f} s CPU" for name, wall, cpu in self.done]
