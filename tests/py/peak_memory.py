"""Runs a command and prints what it cost, as JSON: exit status, peak memory, seconds.

Usage: python3 peak_memory.py HANG_SECONDS COMMAND [ARG...]

Peak memory is the child's maximum resident set size (getrusage RUSAGE_CHILDREN), the
figure the kernel keeps, so it counts every allocation the program made. A command still
running after HANG_SECONDS is killed and reported with "status": "hang": this guards the
test run against a hang; it is not a speed test.
"""

import json
import resource
import subprocess
import sys
import time


def main():
    hang_seconds = float(sys.argv[1])
    command = sys.argv[2:]
    started = time.monotonic()
    try:
        run = subprocess.run(command, capture_output=True, timeout=hang_seconds)
        status = run.returncode
        stderr = run.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        status = "hang"
        stderr = ""
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    json.dump(
        {"status": status, "peak_kb": peak_kb, "seconds": round(seconds, 2), "stderr": stderr},
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
