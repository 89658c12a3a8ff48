#!/usr/bin/env python3
"""Where a JVM's CPU went between two `jstack` dumps, per part of a BayTrace node.

    thread-cpu.py RECORDS BEFORE1 AFTER1 [BEFORE2 AFTER2 ...]

Each BEFORE/AFTER pair is one JVM's `jstack` output (JDK 17 prints cpu=...ms for every thread,
compiler and GC threads included) taken before and after a load. Prints microseconds of CPU per
record for each part, summed over all the JVMs given (the members of a cluster), and the total.
A thread that started during the load counts from zero; one that ended is lost (thread pools of
the node keep theirs).
"""
import re
import sys

THREAD = re.compile(r'^"(?P<name>[^"]+)".*?\bcpu=(?P<cpu>[0-9.]+)ms', re.M)

# First match wins; the order puts specific names before general ones.
PARTS = [
    ("signature checks (sequencer and apply verify pools)", re.compile(r"^baytrace-(apply-)?verify")),
    ("apply thread (rules, RocksDB write, checkpoint signature)", re.compile(r"^baytrace-(apply-|writer)")),
    ("EPCIS projection", re.compile(r"^baytrace-epcis-projection")),
    ("JIT compiler threads (C1 + C2)", re.compile(r"^C[12] CompilerThread")),
    ("GC and VM threads", re.compile(r"^(GC Thread|G1 |VM Thread|VM Periodic|Parallel GC|Service Thread)")),
    ("Raft (Ratis log, appenders, state machine updater)", re.compile(r"@group-|RaftLog|LogAppender|StateMachineUpdater|"
                                                                      r"raft|ratis", re.I)),
    ("gRPC and Netty (client API, Raft transport)", re.compile(r"grpc|netty|nioEventLoop|epoll|-nio-", re.I)),
    ("cosigning, member queries, other", re.compile(r".")),
]


def threads(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    out = {}
    for m in THREAD.finditer(text):
        # Names repeat (pools without numbers): add them up.
        out[m.group("name")] = out.get(m.group("name"), 0.0) + float(m.group("cpu"))
    return out


def part(name):
    for label, pattern in PARTS:
        if pattern.search(name):
            return label
    return PARTS[-1][0]


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        sys.exit(__doc__)
    records = int(argv[1])
    totals = {label: 0.0 for label, _ in PARTS}
    for before_path, after_path in zip(argv[2::2], argv[3::2]):
        before, after = threads(before_path), threads(after_path)
        for name, cpu in after.items():
            totals[part(name)] += max(0.0, cpu - before.get(name, 0.0))
    grand = sum(totals.values())
    for label, _ in PARTS:
        print(f"{label}\t{totals[label] * 1000 / records:.0f} us/record")
    print(f"total\t{grand * 1000 / records:.0f} us/record")


if __name__ == "__main__":
    main(sys.argv)
