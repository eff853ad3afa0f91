#!/usr/bin/python3
"""Executes rvlab's notebooks headless with the Deno kernel, without losing outputs.

Why not nbconvert's executor: the Deno kernel sometimes publishes a cell's result
after it has reported "idle", and nbclient then drops it silently. This runner sends
each cell's execute_request itself (jupyter_client), collects iopub messages until it
has seen BOTH the idle status and the execute_reply, then keeps draining for a grace
period (extended while messages keep coming) to catch late display_data /
execute_result messages. Every code cell declares what it must output in its metadata
(`rvlab.expect`, e.g. ["text/html"] or ["image/svg+xml"], "stream" for printed text,
[] for none); a missing output, an error, or an ANSI escape in an output fails the run.
Any notebook runs: a cell without `rvlab.expect` is checked for errors and ANSI codes only.

Usage:
  /usr/bin/python3 scripts/run_notebooks.py [NOTEBOOK ...] [--html DIR] [--repeat N]
      [--grace SECONDS] [--timeout SECONDS] [--json FILE] [--deno PATH]

Without NOTEBOOK, runs notebooks/*.ipynb. --html writes executed HTML copies (nbconvert
from the executed notebook). --deno runs the kernel with that Deno binary (default:
the project's tools/node_modules/.bin/deno, through a private kernel spec; else the
registered `deno` kernel). Exit status 1 when any notebook fails.
"""

import argparse
import atexit
import glob
import json
import os
import queue
import re
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
OUTPUT_TYPES = ("execute_result", "display_data", "stream", "error")


def private_kernel_spec(deno):
    """A temporary kernel spec named `deno` running the given binary; returns its root."""
    root = tempfile.mkdtemp(prefix="rvlab-kernels-")
    kdir = os.path.join(root, "kernels", "deno")
    os.makedirs(kdir)
    with open(os.path.join(kdir, "kernel.json"), "w") as f:
        json.dump(
            {
                "argv": [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
                "display_name": "Deno",
                "language": "typescript",
                "env": {"NO_COLOR": "1"},
            },
            f,
        )
    return root


def output_from(msg):
    """An nbformat output dict from an iopub message."""
    t, c = msg["msg_type"], msg["content"]
    if t == "stream":
        return {"output_type": "stream", "name": c["name"], "text": c["text"]}
    if t == "error":
        return {"output_type": "error", "ename": c["ename"], "evalue": c["evalue"], "traceback": c["traceback"]}
    out = {"output_type": t, "data": c.get("data", {}), "metadata": c.get("metadata", {})}
    if t == "execute_result":
        out["execution_count"] = c.get("execution_count")
    return out


def run_cell(kc, code, timeout, grace):
    """Executes one cell; returns (outputs, execution_count, reply_status, late_count,
    seconds from "idle + reply" to the last late output)."""
    msg_id = kc.execute(code, store_history=True, allow_stdin=False)
    outputs, late = [], 0
    idle = reply = False
    status, count = None, None
    deadline = time.monotonic() + timeout
    while not (idle and reply):
        if time.monotonic() > deadline:
            raise TimeoutError(f"cell did not finish within {timeout} s")
        if not reply:
            try:
                r = kc.get_shell_msg(timeout=0.05)
                if r["parent_header"].get("msg_id") == msg_id and r["msg_type"] == "execute_reply":
                    reply = True
                    status = r["content"]["status"]
                    count = r["content"].get("execution_count")
            except queue.Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            idle = True
        elif m["msg_type"] in OUTPUT_TYPES:
            outputs.append(output_from(m))
    # both seen: keep draining, extending the grace period while messages keep coming
    both = time.monotonic()
    delays = []
    until = both + grace
    while time.monotonic() < until:
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] in OUTPUT_TYPES:
            outputs.append(output_from(m))
            late += 1
            delays.append(time.monotonic() - both)
            until = time.monotonic() + grace
    for o in outputs:
        if o["output_type"] == "execute_result":
            o["execution_count"] = count
    return outputs, count, status, late, max(delays, default=0.0)


def check_outputs(outputs, expect):
    """Problems of a cell's outputs against its expected output types."""
    problems = []
    for o in outputs:
        if o["output_type"] == "error":
            problems.append(f"error {o['ename']}: {o['evalue']}")
        texts = [o.get("text", "")] + [v for v in o.get("data", {}).values() if isinstance(v, str)]
        if any(ANSI.search(t) for t in texts):
            problems.append("ANSI escape codes in an output")
    have = set()
    for o in outputs:
        if o["output_type"] == "stream":
            have.add("stream")
        have.update(o.get("data", {}).keys())
    if expect is None:
        return problems
    for e in expect:
        if e not in have:
            problems.append(f"missing output {e} (got {sorted(have) or 'nothing'})")
    if not expect and outputs:
        kinds = sorted(have) or [o["output_type"] for o in outputs]
        problems.append(f"expected no output, got {kinds}")
    return problems


def run_notebook(path, args, km_factory):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    km, kc = km_factory(os.path.dirname(os.path.abspath(path)))
    cells, problems, late_total = [], [], 0
    t0 = time.monotonic()
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            # a cell without rvlab.expect (any notebook) is checked for errors and ANSI only
            expect = cell.metadata.get("rvlab", {}).get("expect")
            c0 = time.monotonic()
            try:
                outputs, count, status, late, delay = run_cell(
                    kc, cell.source, args.timeout, args.grace
                )
            except TimeoutError as e:
                problems.append(f"cell {i}: {e}")
                break
            cell.outputs = [nbformat.from_dict(o) for o in outputs]
            cell.execution_count = count
            late_total += late
            p = check_outputs(outputs, expect)
            if status != "ok" and not any(x.startswith("error") for x in p):
                p.append(f"execute_reply status {status}")
            problems.extend(f"cell {i}: {x}" for x in p)
            cells.append(
                {
                    "cell": i,
                    "seconds": round(time.monotonic() - c0, 3),
                    "late": late,
                    "late_delay": round(delay, 4),
                    "ok": not p,
                }
            )
            if p and not args.keep_going:
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return nb, {
        "notebook": os.path.basename(path),
        "seconds": round(time.monotonic() - t0, 2),
        "ok": not problems,
        "problems": problems,
        "late_outputs": late_total,
        "cells": cells,
    }


def write_html(nb, path, out_dir):
    from lxml.html.clean import clean_html
    from nbconvert import HTMLExporter

    def clean_keeping_svg(text):
        # nbconvert 6.5 cleans outputs with lxml, which strips every SVG element (the
        # charts would become bare text). rvlab's outputs escape all data they show
        # (tables) or come from Vega's SVG renderer, which escapes text, so SVG is kept.
        return text if "<svg" in text else clean_html(text)

    os.makedirs(out_dir, exist_ok=True)
    body, _ = HTMLExporter(filters={"clean_html": clean_keeping_svg}).from_notebook_node(nb)
    name = os.path.splitext(os.path.basename(path))[0] + ".html"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(body)
    return os.path.join(out_dir, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--html", help="write executed HTML copies into this folder")
    ap.add_argument("--repeat", type=int, default=1, help="run everything N times (flakiness check)")
    ap.add_argument("--grace", type=float, default=0.3, help="seconds to keep draining after idle + reply")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per cell")
    ap.add_argument("--json", help="write the run summary as JSON into this file")
    ap.add_argument("--deno", help="Deno binary for the kernel (default: the project's)")
    ap.add_argument("--keep-going", action="store_true", help="run the remaining cells after a failure")
    args = ap.parse_args()

    from jupyter_client import KernelManager

    paths = args.notebooks or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    deno = args.deno or os.path.join(ROOT, "tools", "node_modules", ".bin", "deno")
    if os.path.exists(deno):
        spec_root = private_kernel_spec(os.path.abspath(deno))
        atexit.register(shutil.rmtree, spec_root, True)
        os.environ["JUPYTER_PATH"] = spec_root + (
            os.pathsep + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else ""
        )
    env = dict(os.environ, NO_COLOR="1")

    def km_factory(cwd):
        km = KernelManager(kernel_name="deno")
        km.start_kernel(cwd=cwd, env=env)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        return km, kc

    runs, failed = [], False
    for r in range(args.repeat):
        for p in paths:
            nb, res = run_notebook(p, args, km_factory)
            res["run"] = r + 1
            if args.html and r == args.repeat - 1:
                res["html"] = os.path.relpath(write_html(nb, p, args.html), ROOT)
            runs.append(res)
            failed |= not res["ok"]
            status = "ok" if res["ok"] else "FAILED"
            print(
                f"[run {r + 1}] {res['notebook']}: {status} in {res['seconds']} s, "
                f"{len(res['cells'])} code cells, {res['late_outputs']} late outputs caught",
                flush=True,
            )
            for x in res["problems"]:
                print(f"    {x}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": runs}, f, indent=1)
    total = len(runs)
    bad = sum(not r["ok"] for r in runs)
    print(f"{total - bad} notebook runs ok, {bad} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
