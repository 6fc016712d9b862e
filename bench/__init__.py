"""Benchmarks for the Migraine Diary Bot (issue 8): is the bot ever the bottleneck?

Run on purpose, not in the tests (docs/architecture.md, "Benchmarks are not tests"):
``python -m bench`` measures the full sizes and writes ``bench/RESULTS.md``;
``python -m bench --smoke`` runs tiny sizes in well under 30 seconds (CI runs it through
``tests/test_bench_smoke.py`` so the harness cannot rot).

Every benchmark talks to the real bot over HTTP: the Bot API emulator
(:class:`bot.sandbox.BotApiEmulator`) serves on a loopback port in this process, and the bot runs
as its own process (``python -m bot run``), exactly as it would run against Telegram.
"""
