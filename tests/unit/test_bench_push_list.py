"""bench.push_list's measure of the fake Calls API's time: overlapping handlers count once."""

from __future__ import annotations

from bench.push_list import busy


def test_overlapping_intervals_count_once() -> None:
    assert busy([]) == 0
    assert busy([(0.0, 1.0), (2.0, 3.0)]) == 2.0  # apart: summed
    assert busy([(0.0, 2.0), (1.0, 3.0)]) == 3.0  # overlapping: not 4
    assert busy([(1.0, 3.0), (0.0, 4.0), (5.0, 6.0)]) == 5.0  # one inside another, unsorted
