"""The benchmark harness's pure parts (``numpy_hpy.bench``): medians, table
and time formatting, the JSON round trip, the row catalogue, and the
correctness gate refusing to time a wrong result. No timing is asserted."""

import re

import pytest

import numpy_hpy as nh
from numpy_hpy.bench import environment, report, runner, timing
from numpy_hpy.bench.check import ResultMismatch, assert_same
from numpy_hpy.bench.rows import Row, all_rows, select, size_label

# Tiny settings: each timed row costs microseconds.
TINY = timing.Settings(sample_s=1e-5, warmup=0, repeat=1, budget_s=1.0, import_runs=1, max_elements=None)


def np_():
    return pytest.importorskip("numpy")


def result_row(**fields):
    row = runner.blank_result("ufunc", "add(a, b)", 100, "float64")
    row.update(fields)
    return row


class Swapped(object):
    """numpy_hpy with one function replaced: a deliberately wrong op."""

    def __init__(self, **replaced):
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        return getattr(nh, name)


def floats(gen):
    return dict(a=gen.uniform(10, seed=1), b=gen.uniform(10, low=0.5, high=1.5, seed=2))


def test_median_ns():
    assert timing.median_ns([3e-9, 1e-9, 2e-9]) == pytest.approx(2.0)
    assert timing.median_ns([1e-9, 2e-9, 3e-9, 4e-9]) == pytest.approx(2.5)
    assert timing.median_ns([]) is None
    assert timing.spread([1.0, 1.0, 1.0, 1.0, 1.0]) == 0.0
    assert timing.spread([1.0, 2.0, 1.0, 2.0, 1.0, 2.0]) > report.NOISY
    assert timing.spread([1.0, 2.0]) == 0.0
    assert timing.ratio(2.0, 4.0) == 0.5
    assert timing.ratio(None, 4.0) is None and timing.ratio(2.0, None) is None


def test_rounds_within_budget():
    full = timing.FULL
    assert timing.rounds(full, 0.001) == full.repeat
    assert timing.rounds(full, full.budget_s / 8) == 8
    assert timing.rounds(full, 10.0) == timing.MIN_REPEAT
    assert timing.rounds(TINY, 10.0) == 1


def test_format_ns_units():
    assert report.format_ns(None) == "—"
    assert report.format_ns(12.34) == "12.3 ns"
    assert report.format_ns(212.4) == "212 ns"
    assert report.format_ns(15_230) == "15.2 µs"
    assert report.format_ns(6_204_000) == "6.20 ms"
    assert report.format_ns(2.5e9) == "2.50 s"


def test_size_labels():
    assert [size_label(n) for n in (1, 100, 1000, 10**4, 10**7, 12000)] == ["1", "100", "1000", "1e4", "1e7", "12000"]
    assert size_label((1000, 1000)) == "1000x1000"
    assert size_label(None) == "-"


def test_table_lines():
    ok = result_row(numpy_hpy_ns=212.0, numpy_ns=180.0, ratio=212.0 / 180.0)
    noisy = result_row(numpy_hpy_ns=2120.0, numpy_ns=1800.0, ratio=2120.0 / 1800.0, noisy=True)
    bad = result_row(status="unsupported", message="TypeError: no")
    lines = report.format_table([ok, noisy, bad]).split("\n")
    assert lines[0] == "| operation | size | dtype | numpy_hpy | NumPy | ratio |"
    assert lines[2] == "| `add(a, b)` | 100 | float64 | 212 ns | 180 ns | 1.18 |"
    assert lines[3] == "| `add(a, b)` | 100 | float64 | 2120 ns | 1800 ns | 1.18* |"
    assert lines[4] == "| `add(a, b)` | 100 | float64 | unsupported | — | — |"
    notes = report.format_notes([ok, noisy, bad])
    assert notes[0] == "- unsupported `add(a, b)` [100] float64: TypeError: no"
    assert notes[1].startswith("- *: noisy")


def test_json_round_trip(tmp_path):
    outcome = {
        "header": {"label": "CPython 3.11.7 universal", "numpy_version": "2.4.6"},
        "settings": TINY.as_dict(),
        "rows": [result_row(numpy_hpy_ns=1.5, samples={"numpy_hpy": [1.5, 1.6]})],
        "capi": None,
    }
    path = tmp_path / "run.json"
    report.write_json(str(path), outcome)
    loaded = report.load_json(str(path))
    assert loaded == dict(outcome, format=report.JSON_FORMAT)
    other = tmp_path / "other.json"
    other.write_text('{"rows": []}')
    with pytest.raises(ValueError):
        report.load_json(str(other))


def test_row_keys_unique_and_filters():
    rows = all_rows()
    keys = [row.key for row in rows]
    assert len(keys) == len(set(keys))
    assert "ufunc: add(a, b) [1e7] float64" in keys
    quick = select(rows, max_elements=10**6)
    assert quick and all(row.elements <= 10**6 for row in quick if row.elements)
    assert [row.key for row in select(rows, re.compile(r"^ufunc: sqrt.*\[1\] int64"))] == ["ufunc: sqrt(a) [1] int64"]


def test_assert_same_accepts_equal_and_rejects_different():
    np = np_()
    assert_same(np, nh.arange(5.0), np.arange(5.0))
    assert_same(np, nh.arange(3).sum(), np.arange(3).sum())
    assert_same(np, nh.zeros(2).dtype, np.zeros(2).dtype)
    assert_same(np, [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ResultMismatch):
        assert_same(np, nh.arange(5.0), np.arange(5))  # dtype
    with pytest.raises(ResultMismatch):
        assert_same(np, nh.arange(4.0).reshape(2, 2), np.arange(4.0))  # shape
    with pytest.raises(ResultMismatch):
        assert_same(np, nh.arange(5.0) + 1e-6, np.arange(5.0))  # values
    with pytest.raises(ResultMismatch):
        assert_same(np, nh.zeros(2, dtype="f4").dtype, np.zeros(2).dtype)
    with pytest.raises(ResultMismatch):
        assert_same(np, (2, 3), [2, 3])


def test_wrong_op_is_a_mismatch_and_not_timed():
    np = np_()
    row = Row("test", "add(a, b)", 10, "float64", floats, bind=("add",))
    libs = {"numpy_hpy": Swapped(add=nh.subtract), "numpy": np}
    with pytest.raises(ResultMismatch):
        runner.prepare(row, libs, np)
    result = runner.run_row(row, libs, np, TINY)
    assert result["status"] == "mismatch"
    assert result["numpy_hpy_ns"] is None and result["samples"] is None


def test_raising_op_is_unsupported():
    np = np_()

    def broken(*args):
        raise TypeError("not yet")

    row = Row("test", "add(a, b)", 10, "float64", floats, bind=("add",))
    result = runner.run_row(row, {"numpy_hpy": Swapped(add=broken), "numpy": np}, np, TINY)
    assert result["status"] == "unsupported"
    assert result["message"] == "TypeError: not yet"


def test_checked_row_is_timed():
    np = np_()
    row = Row("test", "a[5] = 1.0", 10, "float64", floats, check="a")
    result = runner.run_row(row, {"numpy_hpy": nh, "numpy": np}, np, TINY)
    assert result["status"] == "ok"
    assert result["numpy_hpy_ns"] > 0 and result["numpy_ns"] > 0
    assert set(result["samples"]) == {"numpy_hpy", "numpy"}


def test_rows_without_numpy_time_numpy_hpy_alone():
    row = Row("test", "a.sum()", 100, "float64", floats)
    result = runner.run_row(row, {"numpy_hpy": nh}, nh, TINY)
    assert result["status"] == "ok"
    assert result["numpy_hpy_ns"] > 0 and result["numpy_ns"] is None and result["ratio"] is None


def test_read_cpuinfo(tmp_path):
    path = tmp_path / "cpuinfo"
    path.write_text(
        "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 avx2 fma\n\n"
        "processor\t: 1\nmodel name\t: Other\nflags\t\t: avx512f\n"
    )
    assert environment.read_cpuinfo(str(path)) == ("Some CPU", {"fpu", "sse2", "avx2", "fma"})
    assert environment.read_cpuinfo(str(tmp_path / "missing")) == (None, set())
