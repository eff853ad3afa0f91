#!/usr/bin/python3
"""Shows the trap scripts/run_notebooks.py avoids: executes a notebook N times with
nbclient (what `jupyter nbconvert --execute` uses) on the registered `deno` kernel and
counts the runs in which a cell lost an expected output (cell metadata
`rvlab.expect`). Not in CI.

Usage: /usr/bin/python3 scripts/notebooks_nbclient_check.py NOTEBOOK [N]
"""

import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    os.environ["NO_COLOR"] = "1"
    lost_runs = 0
    for r in range(n):
        nb = nbformat.read(path, as_version=4)
        t = time.time()
        cwd = os.path.dirname(os.path.abspath(path))
        NotebookClient(nb, timeout=300, kernel_name="deno", resources={"metadata": {"path": cwd}}).execute()
        missing = []
        for i, c in enumerate(nb.cells):
            if c.cell_type != "code":
                continue
            have = set()
            for o in c.outputs:
                if o.output_type == "stream":
                    have.add("stream")
                have.update(o.get("data", {}).keys())
            missing += [(i, e) for e in c.metadata.get("rvlab", {}).get("expect", []) if e not in have]
        lost_runs += bool(missing)
        print(f"nbclient run {r + 1}: {time.time() - t:.1f} s, missing outputs (cell, type): {missing}", flush=True)
    print(f"nbclient: {lost_runs} of {n} runs lost outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
