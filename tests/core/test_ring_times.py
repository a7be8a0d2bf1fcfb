import numpy as np
import pytest

from t3gui.core.ring_times import BLOCK, BlockTimes, slots_for


def probe_times(n: int, seed: int) -> np.ndarray:
    """Probe times as a monitor makes them: 10 Hz, slower intervals, and rare pauses of an hour or a day."""
    rng = np.random.default_rng(seed)
    gaps = rng.choice([0.1, 1.0, 10.0, 3600.0, 86_400.0], size=n, p=[0.7, 0.2, 0.0985, 0.001, 0.0005])
    return np.cumsum(gaps * rng.uniform(0.9, 1.1, n))


def resolution(times: np.ndarray, index: np.ndarray) -> np.ndarray:
    """What a block can promise each sample: 1 ms, or its span over 65,535 steps, plus float32 rounding."""
    block_first = times[(index // BLOCK) * BLOCK]
    block_last = times[np.minimum((index // BLOCK + 1) * BLOCK, len(times)) - 1]
    return np.maximum(2.0**-10, 2 * (block_last - block_first) / 65_535) + np.spacing(times.astype(np.float32))


def test_decoded_times_are_never_late_and_at_most_a_step_early() -> None:
    times = probe_times(20_000, seed=1)
    clock = BlockTimes(slots_for(20_000))
    clock.write(0, times)
    decoded = clock.decode(0, len(times)).astype(np.float64)
    slack = resolution(times, np.arange(len(times)))
    assert np.all(decoded <= times + np.spacing(times.astype(np.float32)))
    assert np.all(times - decoded <= slack)
    assert np.all(np.diff(decoded) >= 0)  # sorted, so it can be binary searched


def test_one_at_a_time_equals_many_at_once_across_a_wrap() -> None:
    times = probe_times(3000, seed=2)
    slots = slots_for(1000)
    one, many = BlockTimes(slots), BlockTimes(slots)
    for i, t in enumerate(times):
        one.write_one(i % slots, float(t))
    for start in range(0, 3000, 700):  # chunks that end mid-block and wrap
        many.write(start % slots, times[start:start + 700][: slots - 1])
    newest = [(3000 - 1000 + i) % slots for i in range(1000)]
    assert np.array_equal([one.at(s) for s in newest], [many.at(s) for s in newest])


@pytest.mark.parametrize("side", ["left", "right"])
def test_search_agrees_with_searchsorted_over_the_decoded_times(side: str) -> None:
    times = probe_times(5000, seed=3)
    clock = BlockTimes(slots_for(5000))
    clock.write(0, times)
    start, stop = 37, 4900  # a part that begins and ends mid-block
    decoded = clock.decode(start, stop)
    rng = np.random.default_rng(4)
    queries = np.concatenate((decoded[::97], rng.uniform(times[0] - 10, times[-1] + 10, 300))).astype(np.float32)
    for value in queries:
        expected = start + int(np.searchsorted(decoded, value, side=side))  # type: ignore[call-overload]
        assert clock.search(start, stop, value, side) == expected  # type: ignore[arg-type]


def test_slot_counts_are_whole_blocks_with_room_for_the_one_being_rewritten() -> None:
    assert slots_for(1) == BLOCK and slots_for(BLOCK) == 2 * BLOCK and slots_for(864_000) == 864_256
    with pytest.raises(ValueError, match="multiple"):
        BlockTimes(1000)


def test_scattered_slots_decode_as_a_range_does() -> None:
    times = probe_times(6000, seed=5)
    clock = BlockTimes(slots_for(6000))
    clock.write(0, times)
    slots = np.array([0, 1, 255, 256, 4095, 5999])
    assert np.array_equal(clock.decode_slots(slots), clock.decode(0, 6000)[slots])
