# Entry points; the real work is in scripts/ (each script does its own set-up).
#
#   make test    everything CI runs: cargo fmt/clippy/test, one wheel, pytest on
#                CPython 3.11 (+ HPy debug mode with leak checks), PyPy 3.11
#                (+ debug), the PyPy 7.3.11 refusal, smoke runs on CPython 3.8-3.13
#   make demo    build + install the wheel into .venv and run examples/demo.py
#   make wheel   build/dist/numpy_hpy-<v>-py3-none-manylinux_*.whl for this
#                machine's glibc (plain cargo build)
#   make wheels  the release files (scripts/build-wheels.sh): the manylinux2014
#                x86_64 and aarch64 wheels (cargo-zigbuild, glibc 2.17) and
#                the sdist, in build/dist/
#   make bench   benches/run.sh --pypy: the harness (python -m numpy_hpy.bench) on
#                CPython 3.11 (universal and HPY=debug) and PyPy 3.11 ->
#                build/bench/*.json and build/bench/bench.png
#   make clean   build outputs (keeps .venv and the .cache of venvs and PyPys);
#   make distclean  also those

SHELL := /bin/bash
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON311 ?= $(or $(lastword $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python3.11)),$(shell command -v python3.11 2>/dev/null),python3)
DIST := build/dist

.PHONY: all demo test wheel wheels bench clean distclean

all: test

test:
	scripts/test.sh

demo:
	scripts/demo.sh

wheel:
	rm -f $(DIST)/numpy_hpy-*_$(shell uname -m).whl
	$(PYTHON311) -m pip --disable-pip-version-check wheel . --no-deps -w $(DIST)

wheels:
	PYTHON311=$(PYTHON311) scripts/build-wheels.sh

bench:
	benches/run.sh --pypy

clean:
	cargo clean
	rm -rf build dist python/numpy_hpy/_core.hpy0.so
	find python tests examples build_backend -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf .venv .cache .pytest_cache .hypothesis
