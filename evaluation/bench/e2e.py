"""The end-to-end benchmark (issue 15 §1): the job `./occam run configs/moons-l2-keras.xml` does, as whole processes.

Four variants, each a fresh process measured from fork to exit:
  occam            ./occam run configs/moons-l2-keras.xml            (record, store row and HTML/PNG report)
  occam-noreport   ./occam run --no-reports configs/moons-l2-keras.xml
  sklearn          e2e_sklearn.py  (the scikit-learn script for the same job)
  torch            e2e_torch.py    (the PyTorch script for the same job)
Each repetition runs every variant once, the starting variant rotating, so slow drift on a shared machine hits all
of them alike. Per variant: median / min / max wall seconds, median CPU seconds (user + sys of the child and the
processes it waited for, from os.wait4) and median peak RSS (the largest ru_maxrss among them: for ./occam, the JVM).

Before the timed repetitions every variant runs once untimed (its wall time is kept as "first"): that builds the
jar if sources changed, lets the launcher write its class-data-sharing archive and warms the page cache, so the
timed runs measure what a user sees from the second run on.

Threads: the peers run at their defaults (what the user's script gets): scikit-learn's OpenBLAS as the machine
sets it, Debian's PyTorch build uses one intra-op thread. Occam trains on one thread by default (occam.threads);
its JVM's compiler and GC threads use the second core. `--peer-threads N` pins the peers' math libraries
(OMP/OpenBLAS/MKL variables) to N threads instead.

A/B: `--baseline DIR` adds the variants baseline and baseline-noreport, the same two commands through the launcher
of another checkout (e.g. `git archive main | tar -x -C DIR` and `mvn -o -DskipTests package` there), in the same
alternation, so a change is measured against what it changes on the same machine at the same time.

usage: e2e.py [--repeats 5] [--variants occam,occam-noreport,sklearn,torch] [--peer-threads default|N] [--baseline DIR]
writes evaluation/bench/e2e-results.json and prints the table.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PYTHON = "/usr/bin/python3"
CONFIG = "configs/moons-l2-keras.xml"
VARIANTS = ["occam", "occam-noreport", "sklearn", "torch"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def command(variant, out, baseline=None):
    root = baseline if variant.startswith("baseline") else ROOT
    if variant in ("occam", "baseline"):
        return [os.path.join(root, "occam"), "run", "--quiet", "--out", out, os.path.join(root, CONFIG)]
    if variant in ("occam-noreport", "baseline-noreport"):
        return [os.path.join(root, "occam"), "run", "--quiet", "--no-reports", "--out", out, os.path.join(root, CONFIG)]
    script = {"sklearn": "e2e_sklearn.py", "torch": "e2e_torch.py"}[variant]
    return [PYTHON, os.path.join(HERE, script), "--root", ROOT, "--out", out]


def peer_env(threads):
    env = dict(os.environ)
    if threads != "default":
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(threads)
    return env


def measure(cmd, env):
    """Runs one whole process: wall seconds, CPU seconds (user + sys) and peak RSS in MiB, from wait4."""
    with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=env, text=True, cwd=ROOT)
        _, status, usage = os.wait4(p.pid, 0)   # the child's own rusage (Popen.wait would discard it)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[-3000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024.0,
            "stdout": out, "stderr": err}


def test_accuracy(variant, out_dir):
    """The test accuracy the run recorded (a sanity column: every variant trained the same job)."""
    try:
        if variant.startswith("occam") or variant.startswith("baseline"):
            recs = [os.path.join(r, f) for r, _, fs in os.walk(out_dir) for f in fs if f == "run.json"]
            with open(max(recs, key=os.path.getmtime)) as f:
                rec = json.load(f)
            return rec["metrics"]["test"]["accuracy"]
        with open(os.path.join(out_dir, "run.json")) as f:
            return json.load(f)["metrics"]["test"]["accuracy"]
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    versions = subprocess.run([PYTHON, "-c", "import sklearn, torch, numpy, matplotlib, sys;"
                               "print(sys.version.split()[0], sklearn.__version__, torch.__version__, numpy.__version__,"
                               " matplotlib.__version__)"], capture_output=True, text=True).stdout.split()
    keys = ["python", "sklearn", "torch", "numpy", "matplotlib"]
    return {"cpu": cpu, "cpus": os.cpu_count(), "java": java, "kernel": platform.release(), **dict(zip(keys, versions))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--peer-threads", default="default")
    ap.add_argument("--out", default=os.path.join(HERE, "e2e-results.json"))
    ap.add_argument("--baseline", help="another checkout whose ./occam runs as the variants baseline, baseline-noreport")
    a = ap.parse_args()
    variants = a.variants.split(",")
    for v in variants:
        if v not in VARIANTS:
            ap.error(f"unknown variant {v!r} (known: {', '.join(VARIANTS)})")
    if a.baseline:
        a.baseline = os.path.abspath(a.baseline)
        if not os.access(os.path.join(a.baseline, "occam"), os.X_OK):
            ap.error(f"--baseline {a.baseline}: no ./occam launcher there")
        variants += ["baseline", "baseline-noreport"]
    info = machine()
    log("e2e: machine:", info)
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    work = tempfile.mkdtemp(prefix="occam-e2e-")
    samples = {v: [] for v in variants}
    first = {}
    accuracy = {}
    try:
        def one(v, rep):
            launcher = v.startswith("occam") or v.startswith("baseline")
            out = os.path.join(work, v if launcher else f"{v}-{rep}")
            env = dict(os.environ) if launcher else peer_env(a.peer_threads)
            m = measure(command(v, out, a.baseline), env)
            accuracy[v] = test_accuracy(v, out)
            if launcher and m["stderr"].strip():
                log(f"e2e: {v} wrote to stderr: {m['stderr'].strip()[:500]}")
            return m

        for v in variants:   # untimed first run: build if needed, CDS archive, page cache
            first[v] = one(v, "first")["wall_s"]
            log(f"e2e: first run {v:15s} {first[v]:6.2f} s wall")
        for rep in range(a.repeats):
            order = variants[rep % len(variants):] + variants[:rep % len(variants)]
            for v in order:
                m = one(v, rep)
                samples[v].append({k: m[k] for k in ("wall_s", "cpu_s", "rss_mib")})
                log(f"e2e: [{rep + 1}/{a.repeats}] {v:15s} {m['wall_s']:6.2f} s wall {m['cpu_s']:6.2f} s CPU "
                    f"{m['rss_mib']:6.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    # Other jobs on the machine stretch every wall time (CPU seconds much less): say so in the results.
    loaded = max(load_before[0], load_after[0]) > 0.5 * (os.cpu_count() or 1)

    med = statistics.median
    rows = {}
    for v in variants:
        s = samples[v]
        walls = [x["wall_s"] for x in s]
        rows[v] = {"wall_s_median": med(walls), "wall_s_min": min(walls), "wall_s_max": max(walls),
                   "cpu_s_median": med(x["cpu_s"] for x in s), "rss_mib_median": med(x["rss_mib"] for x in s),
                   "first_run_wall_s": first[v], "test_accuracy": accuracy.get(v), "samples": s}
    targets = []
    if "occam" in rows and "sklearn" in rows:
        r = rows["occam"]["wall_s_median"] / rows["sklearn"]["wall_s_median"]
        targets.append({"target": "Occam wall (with report) ≤ scikit-learn wall, end to end", "value": round(r, 3),
                        "unit": "Occam ÷ scikit-learn, median wall", "held": r <= 1.0})
    if "baseline" in rows and "occam" in rows:
        rows["occam"]["baseline_wall_ratio"] = rows["occam"]["wall_s_median"] / rows["baseline"]["wall_s_median"]
    result = {"benchmark": "end to end: " + CONFIG, "baseline": a.baseline, "started": started.isoformat(timespec="seconds"),
              "repeats": a.repeats, "peer_threads": a.peer_threads, "machine": info,
              "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in load_after],
              "loaded": loaded,
              "variants": rows, "targets": targets}
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")

    print(f"End to end, {CONFIG}: medians of {a.repeats} whole-process runs ({info['cpu']}, {info['cpus']} CPUs; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after)")
    print(f"{'variant':16s} {'wall s':>7s} {'min':>6s} {'max':>6s} {'CPU s':>7s} {'peak RSS MiB':>13s} "
          f"{'first run s':>12s} {'test acc':>9s}")
    for v, r in rows.items():
        acc = f"{r['test_accuracy']:.4f}" if isinstance(r["test_accuracy"], (int, float)) else "?"
        print(f"{v:16s} {r['wall_s_median']:7.2f} {r['wall_s_min']:6.2f} {r['wall_s_max']:6.2f} {r['cpu_s_median']:7.2f} "
              f"{r['rss_mib_median']:13.0f} {r['first_run_wall_s']:12.2f} {acc:>9s}")
    if loaded:
        print("note: the machine was busy with other jobs (load average above half the CPU count): wall times are "
              "inflated and noisy; compare CPU seconds, or measure again on a quiet machine")
    for t in targets:
        print(f"target: {t['target']}: {t['value']:.2f} ({'held' if t['held'] else 'NOT held'})")
    log(f"e2e: wrote {a.out}")


if __name__ == "__main__":
    main()
