#!/usr/bin/env python3
"""The speed targets of issue 6 as ratios, from the RESULT lines of one session.

usage: bench_ratios.py raw.txt [more raw files...]
Takes the median of every label's runs (as the anchors' summarize.py does)
and compares troupe's rows with raw TCP's, Erlang distribution's, CAF's and
iperf3's. CAF's throughput counts its better figure: with the credit window
(caf-win-tp-*) or without (caf-tp-*).
"""
import statistics
import sys


def medians(paths):
    runs = {}
    for path in paths:
        for line in open(path):
            if not line.startswith("RESULT") or "FAILED" in line:
                continue
            fields = dict(tok.split("=", 1) for tok in line.split()[1:] if "=" in tok)
            runs.setdefault(fields.get("label", "?"), []).append(fields)

    def median(label, key):
        values = [float(r[key]) for r in runs.get(label, []) if key in r]
        return statistics.median(values) if values else None

    return median


def main():
    median = medians(sys.argv[1:])

    def best(key, *labels):
        values = [v for v in (median(label, key) for label in labels) if v is not None]
        return max(values) if values else None

    rows = [
        ("round trip 64 B p50 (us)", median("troupe-lat-send", "median_us"),
         "raw TCP", median("tcp-posix", "median_us"), "<=", 1.2),
        ("round trip 64 B p50 (us)", median("troupe-lat-send", "median_us"),
         "Erlang", median("erl-lat-send", "median_us"), "<", 1.0),
        ("one-way 64 B (msg/s)", median("troupe-tp-64", "msgs_per_s"),
         "Erlang", median("erl-tp-64", "msgs_per_s"), ">=", 3.0),
        ("one-way 64 B (msg/s)", median("troupe-tp-64", "msgs_per_s"),
         "CAF", best("msgs_per_s", "caf-tp-64", "caf-win-tp-64"), ">=", 4.0),
        ("one-way 1 KiB (msg/s)", median("troupe-tp-1024", "msgs_per_s"),
         "Erlang", median("erl-tp-1024", "msgs_per_s"), ">=", 2.0),
        ("one-way 1 KiB (msg/s)", median("troupe-tp-1024", "msgs_per_s"),
         "CAF", best("msgs_per_s", "caf-tp-1024", "caf-win-tp-1024"), ">=", 2.0),
        ("one-way 32 KiB (MB/s)", median("troupe-tp-32768", "MB_per_s"),
         "iperf3, 1 stream", median("iperf3-default", "MB_per_s"), ">=", 0.9),
    ]
    print("| target | troupe | peer | peer's | troupe / peer | goal | holds |")
    print("|---|---:|---|---:|---:|---|---|")
    for what, ours, peer, theirs, relation, goal in rows:
        if ours is None or theirs is None:
            print(f"| {what} | {ours} | {peer} | {theirs} | - | {relation} {goal} | no data |")
            continue
        ratio = ours / theirs
        holds = {"<=": ratio <= goal, "<": ratio < goal, ">=": ratio >= goal}[relation]
        print(f"| {what} | {ours:,.1f} | {peer} | {theirs:,.1f} | {ratio:.2f}x | "
              f"{relation} {goal}x | {'yes' if holds else 'NO'} |")


if __name__ == "__main__":
    main()
