"""Reads `jcmd <pid> VM.native_memory summary` (HotSpot's Native Memory Tracking) on stdin and prints the committed
memory by category in MiB, largest first, with the classes loaded and the threads, for hack/bench-reconcile.sh and
hack/bench-operator-memory.sh. Sizes are read in the report's unit (jcmd's KB, or bytes at exit)."""
import re
import sys

UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}
SIZE = r"(\d+)([KMG]?B)?"

text = sys.stdin.read()


def mib(number, unit):
    return int(number) * UNITS[unit or ""] / 1024**2


rows = [(m.group(1), mib(m.group(2), m.group(3)))
        for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+[KMG]?B?, committed=" + SIZE, text, re.M)]
total = re.search(r"Total: reserved=\d+[KMG]?B?, committed=" + SIZE, text)
if not rows or not total:
    sys.exit("no Native Memory Tracking summary on stdin (is -XX:NativeMemoryTracking=summary set?)")
print("  NMT committed MiB by category (Native Memory Tracking summary):")
for name, size in sorted(rows, key=lambda r: -r[1]):
    if size >= 0.5:
        print(f"    {name:<28} {size:6.1f}")
classes = re.search(r"classes #(\d+)", text)
threads = re.search(r"\(threads #(\d+)\)", text)
print(f"    {'total':<28} {mib(total.group(1), total.group(2)):6.1f}"
      f"   ({classes.group(1) if classes else '?'} classes, {threads.group(1) if threads else '?'} threads)")
