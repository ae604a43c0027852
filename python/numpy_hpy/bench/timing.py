"""The one timing loop of the harness: timers run in interleaved rounds
(A, B, A, B, ...) so that drift in clock speed or machine load hits every
side alike; each side's median per call is kept.

Every statement is a ``timeit.Timer`` whose names are locals of timeit's
inner function (bound in its ``setup``), so the loop pays a ``LOAD_FAST``,
not a global lookup, to reach them.
"""

import statistics
import timeit


class Settings(object):
    """How long and how often to time.

    sample_s: the slowest side's shortest sample; calls per sample are
      calibrated to it.
    warmup: untimed rounds before the samples (PyPy's JIT compiles then).
    repeat: timed rounds; the median of their samples is reported.
    budget_s: timed rounds of a row stop at about this many seconds, but
      never before MIN_REPEAT rounds (or ``repeat`` if fewer).
    import_runs: fresh interpreters started per side for the import rows.
    max_elements: rows with larger operands are left out (None: all).
    """

    def __init__(self, sample_s, warmup, repeat, budget_s, import_runs, max_elements):
        self.sample_s = sample_s
        self.warmup = warmup
        self.repeat = repeat
        self.budget_s = budget_s
        self.import_runs = import_runs
        self.max_elements = max_elements

    def as_dict(self):
        return dict(vars(self))


MIN_REPEAT = 5
FULL = Settings(sample_s=0.005, warmup=3, repeat=15, budget_s=2.0, import_runs=10, max_elements=None)
QUICK = Settings(sample_s=0.001, warmup=1, repeat=3, budget_s=0.1, import_runs=2, max_elements=10**6)


def make_timer(stmt, names):
    """A ``timeit.Timer`` running ``stmt`` with ``names`` (a dict) bound as
    locals of the timing loop."""
    setup = "; ".join("%s = _names[%r]" % (name, name) for name in names) or "pass"
    return timeit.Timer(stmt, setup=setup, globals={"_names": names})


def calibrate(timers, sample_s):
    """``(number, round_s)``: calls per sample, the smallest number (grown
    geometrically) for which the slowest timer takes at least ``sample_s``
    (a side 100x faster then still runs for 1/100 of it, far above the
    clock's resolution), and the seconds one round of all timers took."""
    number = 1
    while True:
        times = [timer.timeit(number) for timer in timers]
        if max(times) >= sample_s:
            return number, sum(times)
        grow = sample_s / max(times) * 1.2 if max(times) > 0 else 100.0
        number = int(number * min(100.0, max(2.0, grow)))


def rounds(settings, round_s):
    """Timed rounds for a row whose round takes ``round_s`` seconds."""
    floor = min(MIN_REPEAT, settings.repeat)
    return max(floor, min(settings.repeat, int(settings.budget_s / round_s)))


def measure(timers, settings):
    """Time ``timers`` (a dict key -> Timer) in interleaved rounds.

    Returns ``(number, samples)``: the calls per sample and, per key, the
    seconds per call of each timed round.
    """
    number, round_s = calibrate(list(timers.values()), settings.sample_s)
    for _ in range(settings.warmup):
        for timer in timers.values():
            timer.timeit(number)
    samples = {key: [] for key in timers}
    for _ in range(rounds(settings, round_s)):
        for key, timer in timers.items():
            samples[key].append(timer.timeit(number) / number)
    return number, samples


def median_ns(samples):
    """The median of ``samples`` (seconds) in nanoseconds; None for none."""
    if not samples:
        return None
    return statistics.median(samples) * 1e9


def spread(samples):
    """The interquartile range of ``samples`` over their median (0 for
    fewer than 4): above ~0.25 the machine was busy while they were taken."""
    if len(samples) < 4:
        return 0.0
    q1, q2, q3 = statistics.quantiles(samples, n=4)
    return (q3 - q1) / q2 if q2 > 0 else 0.0


def ratio(ours, theirs):
    """ours / theirs, or None when either is missing."""
    if ours is None or not theirs:
        return None
    return ours / theirs
