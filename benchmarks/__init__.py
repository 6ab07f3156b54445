"""Benchmarks of the emulator and the suite: `python -m benchmarks` (`make bench`).

Each `bench_*.py` module exposes `run() -> dict[str, float | str]`; the runner (`__main__.py`) imports
every one it finds, prints one table, writes `reports/bench/bench.json` and compares with the previous
run. Durations come from `benchmarks._config` (quick or full mode).
"""
