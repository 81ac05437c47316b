#!/usr/bin/env python3
"""How many times faster otimpact simulate is than the NetworkX baseline,
measured in alternation so that both see the same machine.

Each round runs otimpact five times (its median counts) and the NetworkX
script once, and prints the ratio of the two; the summary gives the median,
lowest and highest ratio over the rounds.

    python3 bench/ratio.py OTIMPACT_BINARY SITE_DIR ASSET_ID [ROUNDS]
"""
import os
import statistics
import subprocess
import sys
import time


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main():
    binary, site, asset = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    ours = [binary, "simulate", site, "--shutdown", "asset:" + asset]
    theirs = [sys.executable, os.path.join(os.path.dirname(__file__), "networkx_baseline.py"), site, asset]
    for _ in range(3):
        timed(ours)
    ratios, ot, nx = [], [], []
    for r in range(rounds):
        o = statistics.median(timed(ours) for _ in range(5))
        n = timed(theirs)
        ot.append(o)
        nx.append(n)
        ratios.append(n / o)
        print(f"round {r + 1:2}: otimpact {o * 1000:6.1f} ms  networkx {n:5.2f} s  ratio {n / o:5.1f}")
    print(f"otimpact median {statistics.median(ot) * 1000:.1f} ms, networkx median {statistics.median(nx):.2f} s")
    print(f"ratio: median {statistics.median(ratios):.1f}, lowest {min(ratios):.1f}, highest {max(ratios):.1f}")


if __name__ == "__main__":
    main()
