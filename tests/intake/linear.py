"""Whether a step's work grows in step with its input: the same work on an input and on one twice its size, timed
in CPU time (not wall time, so other processes on the machine do not count), the best of three runs each."""

import time


def cpu_seconds(work, repeats: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(repeats):
            work()
        best = min(best, time.process_time() - start)
    return best


def growth(make_work, size: int, *, at_least: float = 0.05) -> float:
    """How much longer the work takes on twice the input (2 for linear work, 4 for quadratic). The work is
    repeated until the smaller input takes `at_least` seconds, so the timer's resolution does not matter."""
    small, large = make_work(size), make_work(2 * size)
    repeats = 1
    while (elapsed := cpu_seconds(small, repeats)) < at_least:
        repeats *= 4
    return cpu_seconds(large, repeats) / elapsed
