#!/usr/bin/env python3
"""A simpler job than otimpact simulate, done with NetworkX, for comparison.

Reads the same CSV site model, builds a directed graph of provider -> consumer
and feed hop edges, and lists everything downstream of one shut-down asset
(no zones, conduits, redundancy, grace times or feeds semantics).

    python3 bench/networkx_baseline.py SITE_DIR ASSET_ID
"""
import csv
import os
import sys

import networkx as nx


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    site, target = sys.argv[1], sys.argv[2]
    g = nx.DiGraph()
    for a in rows(os.path.join(site, "assets.csv")):
        g.add_node(a["id"], kind=a.get("kind"), zone=a.get("zone"))
    for d in rows(os.path.join(site, "dependencies.csv")):
        for p in d["provider"].split("|"):
            g.add_edge(p, d["consumer"])
    for f in rows(os.path.join(site, "feeds.csv")):
        hops = [f["source"]] + [h for h in f.get("via", "").split(">") if h.strip()] + [f["to"]]
        for a, b in zip(hops, hops[1:]):
            for x in a.split("|"):
                for y in b.split("|"):
                    g.add_edge(x.strip(), y.strip())
    lost = nx.descendants(g, target)
    print(f"{len(lost)} assets downstream of {target}")


if __name__ == "__main__":
    main()
