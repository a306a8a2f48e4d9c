#!/usr/bin/env bash
# The api and web suites again with the clock a year and ten years ahead (Debian's
# faketime), so no test depends on the day it runs. Monotonic time stays real: timers and
# timeouts behave as usual, only the calendar moves. Each run writes its own JSON report,
# .artifacts/vitest-clock+<days>d.json, which `.ci/run` adds to its closing line.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
    echo "[skipped] clock-shifted runs: faketime is not installed (apt install faketime)"
    exit 0
fi
status=0
for shift in +365d +3650d; do
    printf '\n==> api and web suites with the clock %s ahead\n' "$shift"
    FAKETIME_DONT_FAKE_MONOTONIC=1 VITEST_REPORT=".artifacts/vitest-clock$shift.json" \
        faketime -f "$shift" pnpm vitest run --project api --project web || status=1
done
exit "$status"
