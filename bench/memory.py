"""This process's memory, as the benchmarks print it: the resident size now and its peak, in
MiB, from /proc where Linux gives them (else getrusage's peak of the whole run)."""

from __future__ import annotations

import resource


def _status(field: str) -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_now() -> float:
    """The resident size now, after starting a new peak where Linux allows it (writing 5 to
    clear_refs), so that peak() then measures what follows."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass
    return _status("VmRSS")


def peak() -> float:
    return _status("VmHWM")
