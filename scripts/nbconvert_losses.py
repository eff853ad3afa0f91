#!/usr/bin/python3
"""Counts the outputs the standard tools lose: executes each notebook N times with
`jupyter nbconvert --execute --to notebook` (or, with --tool execute, nbclient's
NotebookClient as `jupyter execute` runs it — nbclient 0.7.2's command cannot save the executed
notebook) on the registered `deno` kernel and, in each executed copy, counts the code cells that lack an output
type their metadata declares (`rvlab.expect`).

--control also runs a copy of each notebook in which every `await show(x);` that ends
a cell is replaced by a bare `x` (the kernel's own execute_result, the style that
loses outputs): the counter must find losses there, or it proves nothing.

Usage:
  /usr/bin/python3 scripts/nbconvert_losses.py [NOTEBOOK ...] [--runs N] [--tool nbconvert|execute]
      [--control] [--control-runs N] [--json FILE]

Without NOTEBOOK, runs notebooks/*.ipynb. Prints one line per run and a table per
notebook; exit status 1 when a notebook (not a control) lost an output or failed.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOW_LAST = re.compile(r"^await show\((.*)\);\s*$")


def expected(cell):
    return cell.get("metadata", {}).get("rvlab", {}).get("expect") or []


def lost_outputs(nb):
    """(cell index, missing type) for every declared output type a cell lacks."""
    lost = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] != "code":
            continue
        have = set()
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                have.add("stream")
            have.update(o.get("data", {}).keys())
        lost += [(i, e) for e in expected(c) if e not in have]
    return lost


def control_copy(nb):
    """The notebook with each cell-ending `await show(x);` replaced by a bare `x`."""
    nb = json.loads(json.dumps(nb))
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        src = "".join(c["source"]).rstrip("\n").split("\n")
        m = SHOW_LAST.match(src[-1]) if src else None
        if m:
            src[-1] = m.group(1)
            c["source"] = "\n".join(src)
    return nb


def execute(path, tool, out_dir):
    """Runs the tool on a notebook; returns (executed notebook or None, seconds, stderr tail)."""
    name = os.path.basename(path)
    t0 = time.monotonic()
    if tool == "nbconvert":
        cmd = ["jupyter", "nbconvert", "--execute", "--to", "notebook", "--output-dir", out_dir,
               "--ExecutePreprocessor.timeout=600", path]
        result = os.path.join(out_dir, name)  # with --output-dir, under its own name
    else:
        # `jupyter execute` (nbclient 0.7.2 here) runs nbclient's NotebookClient but cannot
        # save the executed notebook; run that client the same way and save what it got
        result = os.path.join(out_dir, name)
        code = ("import sys, nbformat; from nbclient import NotebookClient; "
                "nb = nbformat.read(sys.argv[1], as_version=4); "
                "NotebookClient(nb, timeout=600, resources={'metadata': {'path': sys.argv[3]}}).execute(); "
                "nbformat.write(nb, sys.argv[2])")
        cmd = [sys.executable, "-c", code, path, result, os.path.dirname(os.path.abspath(path))]
    env = dict(os.environ, NO_COLOR="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    # the kernel runs in the notebook's own folder, as Jupyter does
    r = subprocess.run(cmd, cwd=os.path.dirname(os.path.abspath(path)), env=env,
                       capture_output=True, text=True)
    secs = time.monotonic() - t0
    if r.returncode != 0 or not os.path.exists(result):
        return None, secs, (r.stderr or r.stdout)[-600:]
    with open(result, encoding="utf-8") as f:
        return json.load(f), secs, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--tool", choices=["nbconvert", "execute"], default="nbconvert")
    ap.add_argument("--control", action="store_true")
    ap.add_argument("--control-runs", type=int, default=None)
    ap.add_argument("--json")
    args = ap.parse_args()
    paths = [os.path.abspath(p) for p in args.notebooks] or sorted(
        glob.glob(os.path.join(ROOT, "notebooks", "[0-9]*.ipynb")))
    work = tempfile.mkdtemp(prefix="rvlab-losses-")
    rows = []
    try:
        jobs = [(p, False, args.runs) for p in paths]
        if args.control:
            jobs += [(p, True, args.control_runs or args.runs) for p in paths]
        for path, is_control, runs in jobs:
            with open(path, encoding="utf-8") as f:
                nb = json.load(f)
            src = path
            if is_control:
                # beside the original, so relative paths in the cells resolve the same
                src = path.replace(".ipynb", ".control-bare.ipynb")
                with open(src, "w", encoding="utf-8") as f:
                    json.dump(control_copy(nb), f)
            n_expected = sum(len(expected(c)) for c in nb["cells"] if c["cell_type"] == "code")
            row = {"notebook": os.path.basename(path), "control": is_control, "runs": runs,
                   "expected_outputs": n_expected, "runs_losing": 0, "outputs_lost": 0,
                   "failed": 0, "seconds": []}
            try:
                for r in range(runs):
                    out = tempfile.mkdtemp(dir=work)
                    done, secs, err = execute(src, args.tool, out)
                    row["seconds"].append(round(secs, 1))
                    if done is None:
                        row["failed"] += 1
                        print(f"{row['notebook']}{' (control)' if is_control else ''} run {r + 1}: "
                              f"FAILED in {secs:.1f} s: {err}", flush=True)
                        continue
                    lost = lost_outputs(done)
                    row["runs_losing"] += bool(lost)
                    row["outputs_lost"] += len(lost)
                    print(f"{row['notebook']}{' (control)' if is_control else ''} run {r + 1}: "
                          f"{secs:.1f} s, lost {lost or 'nothing'}", flush=True)
            finally:
                if is_control:
                    os.remove(src)
            rows.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.tool}: outputs lost per notebook")
    print(f"{'notebook':45} {'style':12} {'runs':>4} {'losing':>6} {'lost':>5} {'of':>6}  seconds")
    for row in rows:
        s = row["seconds"] or [0]
        print(f"{row['notebook']:45} {'bare x' if row['control'] else 'show(x)':12} {row['runs']:>4} "
              f"{row['runs_losing']:>6} {row['outputs_lost']:>5} {row['expected_outputs'] * row['runs']:>6}"
              f"  {min(s):.1f}–{max(s):.1f}" + (f"  ({row['failed']} failed)" if row["failed"] else ""))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"tool": args.tool, "rows": rows}, f, indent=1)
    bad = [r for r in rows if not r["control"] and (r["outputs_lost"] or r["failed"])]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
