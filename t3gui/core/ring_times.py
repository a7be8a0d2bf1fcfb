"""Sample times for a ring buffer in two bytes a sample instead of four.

Slots are grouped in blocks of ``BLOCK`` (256). A block keeps the exact time of
its first sample and a step (1/1024 s to start with); each sample keeps the number
of whole steps since the block's first one as an unsigned 16-bit integer. A
block whose span outgrows 65,535 steps (a slow interval, a pause) doubles its
step as often as needed, so the resolution is 1 ms or a 65,535th of the block's
span, whichever is coarser: 1 ms at 10 Hz, 63 ms at the slowest probe interval
(10 s), 63 ms across an hour's pause. Steps are powers of two, so coarsening
is exact and whole seconds decode exactly.

Steps are floored, so a decoded time never exceeds the true one; with a block's
first time exact, decoded times stay in order across blocks and can be binary
searched. Decoding gives float32 seconds, the precision a float32 column had.
Writing a block's first slot starts that block afresh, which invalidates the
samples that block still held from the ring's previous lap: a ring must
allocate ``slots_for(capacity)`` slots to keep ``capacity`` samples intact.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

BLOCK = 256
FIRST_STEP_S = 2.0**-10
_MAX_STEPS = np.iinfo(np.uint16).max
Times = npt.NDArray[np.float32]


def slots_for(capacity: int) -> int:
    """Slots that keep the newest ``capacity`` samples while a block is being rewritten."""
    return -(-(capacity + BLOCK - 1) // BLOCK) * BLOCK


class BlockTimes:
    def __init__(self, slots: int) -> None:
        if slots % BLOCK:
            raise ValueError(f"slots must be a multiple of {BLOCK}")
        self.slots = slots
        self._steps = np.zeros(slots, dtype=np.uint16)
        self._first = np.zeros(slots // BLOCK, dtype=np.float64)
        self._first32 = np.zeros(slots // BLOCK, dtype=np.float32)  # what decoding gives at step 0
        self._step = np.full(slots // BLOCK, FIRST_STEP_S, dtype=np.float32)

    @property
    def nbytes(self) -> int:
        return int(self._steps.nbytes + self._first.nbytes + self._first32.nbytes + self._step.nbytes)

    def write(self, slot: int, t: npt.ArrayLike) -> None:
        """Store times, in order, into consecutive slots from ``slot`` (wrapping), fewer than ``slots``."""
        times = np.asarray(t, dtype=np.float64).reshape(-1)
        slots = (slot + np.arange(len(times))) % self.slots
        blocks = slots // BLOCK
        starts = slots % BLOCK == 0
        self._first[blocks[starts]] = times[starts]
        self._first32[blocks[starts]] = times[starts]
        self._step[blocks[starts]] = FIRST_STEP_S
        steps = self._steps_since_first(times, blocks)
        outgrown = steps > _MAX_STEPS
        if outgrown.any():
            for block in np.unique(blocks[outgrown]):
                mine = blocks == block
                self._coarsen(int(block), float(steps[mine].max()), before=int(slots[mine][0]))
            steps = self._steps_since_first(times, blocks)
        self._steps[slots] = steps

    def write_one(self, slot: int, t: float) -> None:
        """``write`` for a single sample, without numpy's per-array overhead."""
        block, position = divmod(slot, BLOCK)
        if position == 0:
            self._first[block] = t
            self._first32[block] = t
            self._step[block] = FIRST_STEP_S
        steps = max(0.0, (t - float(self._first[block])) // float(self._step[block]))
        if steps > _MAX_STEPS:
            self._coarsen(block, steps, before=slot)
            steps = max(0.0, (t - float(self._first[block])) // float(self._step[block]))
        self._steps[slot] = int(steps)

    def _steps_since_first(self, times: npt.NDArray[np.float64], blocks: npt.NDArray[np.intp]
                           ) -> npt.NDArray[np.float64]:
        steps = np.floor_divide(times - self._first[blocks], self._step[blocks].astype(np.float64))
        return np.maximum(steps, 0.0)

    def _coarsen(self, block: int, steps: float, before: int) -> None:
        """Double the block's step until ``steps`` fit, flooring what the block already holds."""
        factor = 1
        while steps / factor > _MAX_STEPS:
            factor *= 2
        self._step[block] *= factor
        held = self._steps[block * BLOCK:before]
        held //= factor  # floor(floor(x / s) / f) == floor(x / (s * f)): as if written at the new step

    def decode(self, start: int, stop: int) -> Times:
        """Times of slots start..stop (no wrap) as float32 seconds: a new array."""
        if stop <= start:
            return np.zeros(0, dtype=np.float32)
        b0, b1 = start // BLOCK, (stop - 1) // BLOCK + 1
        out = self._steps[b0 * BLOCK:b1 * BLOCK].astype(np.float32).reshape(-1, BLOCK)
        out *= self._step[b0:b1, None]
        out += self._first32[b0:b1, None]
        return out.reshape(-1)[start - b0 * BLOCK:stop - b0 * BLOCK]

    def decode_slots(self, slots: npt.NDArray[np.intp]) -> Times:
        """Times of the given slots, computed exactly as ``decode`` computes them."""
        blocks = slots // BLOCK
        out = self._steps[slots].astype(np.float32)
        out *= self._step[blocks]
        out += self._first32[blocks]
        return out

    def at(self, slot: int) -> float:
        return float(self.decode(slot, slot + 1)[0])

    def search(self, start: int, stop: int, value: np.float32, side: Literal["left", "right"]) -> int:
        """``np.searchsorted`` over the decoded times of slots start..stop, decoding one block only."""
        if stop <= start:
            return start
        b0, b1 = start // BLOCK, (stop - 1) // BLOCK + 1
        # Every time in blocks before the chosen one is <= its first time; every one after is >= theirs.
        block = b0 + int(np.searchsorted(self._first32[b0:b1], value, side="left" if side == "left" else "right")) - 1
        if block < b0:
            return start
        lo, hi = max(start, block * BLOCK), min(stop, (block + 1) * BLOCK)
        return lo + int(np.searchsorted(self.decode(lo, hi), value, side=side))
