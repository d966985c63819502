"""Runs the cross-framework training benchmark and writes RESULTS.md (called by run.sh).

For each workload (the 50k synthetic set and digits), each kernel thread count (1, 2) and each
repetition, it trains Occam, scikit-learn and PyTorch one after another (the starting framework
rotates with the repetition), every training in a fresh process that loads the data, warms up with
a short untimed training, and times one full training. Then it measures the GEMM kernels alone, the
machine's float64 peak, and a λ sweep of 8 Occam trainings serially vs on a 2-thread pool.
"""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
JAR = os.path.join(ROOT, "modules", "occam-bench", "target", "benchmarks.jar")
PYTHON = "/usr/bin/python3"
# The JVM flags Occam needs: the Vector API module for the fast kernels, a heap bound for the RSS target.
# -XX:-BackgroundCompilation is for the measurement only: the JIT compiles while the warm-up waits, so
# no compilation is still queued (or competing for the CPU) when the timed training starts; on a
# loaded machine, C2 compiles otherwise landed up to 20 s late and some timed runs were 10x slower.
JAVA = ["java", "-Xmx384m", "-XX:-BackgroundCompilation", "--add-modules", "jdk.incubator.vector",
        "-Djava.util.logging.config.file=" + os.path.join(ROOT, "logging.properties"), "-cp", JAR]

WORKLOADS = {
    "synthetic 50k": {"data": os.path.join(HERE, "data", "synthetic_50k.csv"), "epochs": 10, "warmup": 1,
                      "shape": (20, 128, 128, 2), "rows": 50_000},
    "digits": {"data": os.path.join(HERE, "data", "digits_std.csv"), "epochs": 100, "warmup": 20,
               "shape": (64, 128, 128, 10), "rows": 1_797},
}
FRAMEWORKS = ["occam", "sklearn", "torch"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, env=None):
    """Runs a child process; returns its JSON lines, wall seconds and standard error."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, env=env, text=True)
    out, err = p.stdout, p.stderr
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[-3000:]}")
    return [json.loads(l) for l in out.splitlines() if l.startswith("{")], wall, err


def run_measured(cmd, env=None):
    """Like run, but reads the child's own peak RSS through wait4 (exact per child)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[-3000:]}")
    rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    return rows[-1], wall, usage.ru_maxrss / 1024.0   # Linux reports KiB


def peer_env(threads, coretype):
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    # OpenMP workers that spin between parallel regions starve the caller where the two CPUs are
    # time-sliced; passive waiting is the fairer setting for the peers' 2-thread runs.
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    return env


def openblas_coretype():
    """OpenBLAS 0.3.21 does not know recent Xeons and falls back to its slow Prescott kernels; give the
    peers the best kernels this CPU runs, so the comparison is against them at their fastest."""
    if os.environ.get("OPENBLAS_CORETYPE"):
        return os.environ["OPENBLAS_CORETYPE"]
    flags = open("/proc/cpuinfo").read()
    probe = subprocess.run([PYTHON, "-c", "import threadpoolctl, numpy;"
                            "print(threadpoolctl.threadpool_info()[0].get('architecture'))"],
                           capture_output=True, text=True).stdout.strip()
    if probe.lower() not in ("prescott", "core2", "nehalem", "generic", ""):
        return None
    if " avx512f" in flags:
        return "SkylakeX"
    if " avx2" in flags:
        return "Haswell"
    return None


def cmd_for(framework, workload, threads):
    w = WORKLOADS[workload]
    if framework == "occam":
        return JAVA + ["org.occam.bench.MlpTrainingBenchmark", "--data", w["data"], "--epochs", str(w["epochs"]),
                       "--warmupEpochs", str(w["warmup"]), "--threads", str(threads), "--workload", workload]
    return [PYTHON, os.path.join(HERE, "peers.py"), "--framework", framework, "--data", w["data"],
            "--epochs", str(w["epochs"]), "--warmup-epochs", str(w["warmup"]), "--threads", str(threads),
            "--workload", workload]


def phase_cmd(workload, threads):
    """An Occam run as cmd_for's, with the training step's phases timed (-Doccam.phaseTimes=true): a separate
    run, so the throughput runs are not perturbed by the clock reads."""
    cmd = cmd_for("occam", workload, threads)
    return [cmd[0], "-Doccam.phaseTimes=true"] + cmd[1:]


def phase_flops(shape):
    """Flops per sample of the forward pass and of the backward pass (weight and input gradients)."""
    dims = list(shape)
    fwd = sum(dims[i] * dims[i + 1] for i in range(len(dims) - 1))
    return 2 * fwd, 2 * (2 * fwd - dims[0] * dims[1])


E2E_JSON = os.path.join(HERE, "e2e-results.json")


def read_e2e():
    """The end-to-end benchmark's medians (evaluation/bench/e2e.py writes them before this script runs), or None."""
    try:
        with open(E2E_JSON) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    # e2e.py's layout: {"variants": {"occam": {"wall_s_median", "cpu_s_median", "rss_mib_median"}, ...}}
    variants = data.get("variants")
    if isinstance(variants, dict):
        names = {"occam": "occam", "occam-noreport": "occam-no-report", "sklearn": "sklearn", "torch": "torch"}
        out = {}
        for key, name in names.items():
            v = variants.get(key)
            if isinstance(v, dict):
                out[name] = {"wall_s": v.get("wall_s_median"), "cpu_s": v.get("cpu_s_median"),
                             "peak_rss_mib": v.get("rss_mib_median")}
        return out or None
    return data


def flops_per_sample(shape):
    """Multiply-adds ×2 of forward, weight gradients and input gradients (none for the first layer)."""
    dims = list(shape)
    fwd = sum(dims[i] * dims[i + 1] for i in range(len(dims) - 1))
    return 2 * (3 * fwd - dims[0] * dims[1])


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    versions = subprocess.run([PYTHON, "-c", "import sklearn, torch, numpy, sys;"
                               "print(sys.version.split()[0], sklearn.__version__, torch.__version__, numpy.__version__)"],
                              capture_output=True, text=True).stdout.split()
    return {"cpu": model, "cpus": os.cpu_count(), "java": java, "python": versions[0], "sklearn": versions[1],
            "torch": versions[2], "numpy": versions[3], "kernel": platform.release()}


def med(xs):
    return statistics.median(xs)


def fmt(v, digits=2):
    return "—" if v is None else f"{v:.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--skip-sweep", action="store_true")
    a = ap.parse_args()
    workloads = a.workloads.split(",")
    coretype = openblas_coretype()
    info = machine()
    log("machine:", info, "OPENBLAS_CORETYPE:", coretype)
    started = time.time()

    results = []   # dicts with framework, workload, threads, samples_per_s, rss, ...
    for rep in range(a.repeats):
        order = FRAMEWORKS[rep % 3:] + FRAMEWORKS[:rep % 3]
        for workload in workloads:
            for threads in (1, 2):
                for fw in order:
                    row, wall, rss = run_measured(cmd_for(fw, workload, threads),
                                                  env=peer_env(threads, coretype) if fw != "occam" else None)
                    row.update({"rss_wait4_mib": rss, "wall_s": wall, "rep": rep})
                    results.append(row)
                    log(f"[{rep + 1}/{a.repeats}] {workload:14s} {fw:7s} {threads} thr: "
                        f"{row['samples_per_s']:>10.0f} samples/s, {rss:6.0f} MiB, acc {row['train_accuracy']}")

    phases = []
    for workload in workloads:
        for threads in (1, 2):
            log(f"phase times {workload}, {threads} thread(s) ...")
            row, wall, rss = run_measured(phase_cmd(workload, threads))
            phases.append(row)
            log({k: row[k] for k in ("samples_per_s", "phase_s")})

    log("GEMM throughput ...")
    gemm_rows, _, _ = run(JAVA + ["org.occam.bench.GemmThroughput", "--millis", "400"])
    sweeps = []
    if not a.skip_sweep:
        for workload in workloads:
            w = WORKLOADS[workload]
            log(f"sweep {workload} ...")
            rows, _, _ = run(JAVA + ["org.occam.bench.SweepBenchmark", "--data", w["data"], "--epochs", str(w["epochs"]),
                                     "--runs", "8", "--pool", "2", "--workload", workload])
            sweeps.append(rows[-1])
            log(rows[-1])

    raw = {"machine": info, "openblas_coretype": coretype, "results": results, "phases": phases, "gemm": gemm_rows,
           "sweeps": sweeps, "load_average": os.getloadavg(),
           "minutes": (time.time() - started) / 60}
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(raw, f, indent=1)
    write_report(raw, a.out, a.repeats, workloads)
    log("wrote", a.out)


def write_report(raw, path, repeats, workloads):
    info, results, gemm, sweeps = raw["machine"], raw["results"], raw["gemm"], raw["sweeps"]
    peak = next((g["gflops"] for g in gemm if g["kind"] == "peak"), None)
    peak2 = next((g["gflops"] for g in gemm if g["kind"] == "peak2"), None)
    lanes = next((g.get("lanes") for g in gemm if g["kind"] == "peak"), None)

    def sel(fw, wl, th):
        return [r for r in results if r["framework"] == fw and r["workload"] == wl and r["threads"] == th]

    L = []
    L.append("# Occam vs scikit-learn vs PyTorch: MLP training speed on the CPU\n")
    L.append(f"Generated by `evaluation/bench/run.sh` on {datetime.date.today().isoformat()} "
             f"in {raw['minutes']:.1f} minutes. One run, one machine; every number below comes from that run "
             f"(raw data: `results.json`).\n")
    L.append(f"- **Machine**: {info['cpu']}, {info['cpus']} logical CPUs, Linux {info['kernel']}")
    if peak:
        L.append(f"- **float64 peak, one thread** (measured: 12 independent chains of {lanes}-wide FMAs "
                 f"in Java): {peak:.1f} GFLOP/s" + (f"; two threads at once: {peak2:.1f} GFLOP/s in total" if peak2 else ""))
    L.append(f"- **Software**: {info['java']}; Python {info['python']}, scikit-learn {info['sklearn']}, "
             f"PyTorch {info['torch']}, NumPy {info['numpy']} (Debian packages, /usr/bin/python3)")
    L.append(f"- **Peers' BLAS**: OpenBLAS" + (f" with `OPENBLAS_CORETYPE={raw['openblas_coretype']}` (its own CPU "
             "detection does not know this CPU and would pick slow generic kernels)" if raw['openblas_coretype'] else ""))
    L.append("- **Network**: 20→128→128→2 (digits: 64→128→128→10), ReLU, softmax cross-entropy, minibatch 64, "
             "SGD η = 0.01 with momentum 0.9, L2 α = 1e-4 (scikit-learn convention) on the hidden weights "
             "(scikit-learn cannot exclude its output layer), float64; 10 epochs (digits 100), shuffled every epoch.")
    L.append(f"- **Method**: each training runs in a fresh process that loads the CSV, warms up untimed "
             f"(a 1-epoch training, digits 20 epochs; Occam repeats it until its warm-ups have run at least 16,000 minibatch "
             f"steps — past the JIT's C2 thresholds, so the step is not compiled inside the timed run — and the last one "
             f"was not more than 10% faster, at most 40 times; its JVM runs with `-XX:-BackgroundCompilation` so that the JIT has finished "
             f"compiling before the timed part: on a loaded machine its compiler threads lag) and then times `train()` / `fit()` / the training loop only. "
             f"{repeats} repetitions, frameworks alternating (the first one rotates). Threads: Occam "
             f"`ThreadPolicy.setThreads(n)` (with 2, each minibatch's 32-row blocks are shared between two threads, see README); scikit-learn `threadpool_limits(n)`; PyTorch `torch.set_num_threads(n)`; "
             f"`OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=n`, `OMP_WAIT_POLICY=PASSIVE`. Peak RSS: the child's "
             f"`ru_maxrss` from `wait4`.\n")

    L.append("## Training throughput\n")
    L.append("| workload | framework | threads | samples/s median | min | max | Occam ÷ this | peak RSS MiB | train accuracy |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    ratios = {}
    for wl in workloads:
        for th in (1, 2):
            occ = [r["samples_per_s"] for r in sel("occam", wl, th)]
            for fw in FRAMEWORKS:
                rows = sel(fw, wl, th)
                if not rows:
                    continue
                s = [r["samples_per_s"] for r in rows]
                ratio = med(occ) / med(s) if occ else float("nan")
                ratios[(wl, th, fw)] = ratio
                L.append(f"| {wl} | {fw} | {th} | {med(s):,.0f} | {min(s):,.0f} | {max(s):,.0f} | "
                         f"{'—' if fw == 'occam' else f'{ratio:.2f}×'} | {max(r['rss_wait4_mib'] for r in rows):.0f} | "
                         f"{med([r['train_accuracy'] for r in rows]):.4f} |")
    L.append("")
    L.append("Effective arithmetic rate of the whole Occam training loop (samples/s × flops per sample of the "
             "three products per layer):\n")
    for wl in workloads:
        fps = flops_per_sample(WORKLOADS[wl]["shape"])
        for th in (1, 2):
            occ = [r["samples_per_s"] for r in sel("occam", wl, th)]
            if occ:
                g = med(occ) * fps / 1e9
                L.append(f"- {wl}, {th} thread(s): {g:.1f} GFLOP/s" + (f" ({100 * g / peak:.0f}% of one thread's peak)" if peak else ""))
    L.append("")

    L.append("## GEMM kernels alone (best of 5 timed rounds, `GemmThroughput`)\n")
    L.append("| product | m×n×k | role in the MLP | backend | threads | GFLOP/s | share of peak |")
    L.append("|---|---|---|---|---|---|---|")
    for g in gemm:
        if g["kind"] != "gemm":
            continue
        share = f"{100 * g['gflops'] / peak:.0f}%" if peak else "—"
        L.append(f"| {g['op']} | {g['m']}×{g['n']}×{g['k']} | {g['role']} | {g['backend']} | {g['threads']} | "
                 f"{g['gflops']:.1f} | {share} |")
    L.append("")

    if sweeps:
        L.append("## λ sweep: 8 trainings on a 2-thread pool vs one after another\n")
        L.append("| workload | serial s | 2-thread pool s | pool ÷ serial | same parameters both ways |")
        L.append("|---|---|---|---|---|")
        for s in sweeps:
            L.append(f"| {s['workload']} | {s['serial_s']:.2f} | {s['pool_s']:.2f} | {s['ratio']:.2f} | "
                     f"{'yes' if s['same_parameters'] else 'NO'} |")
        L.append("")

    phases = raw.get("phases", [])
    if phases:
        L.append("## Where the training time goes (Occam, separate runs with `-Doccam.phaseTimes=true`)\n")
        L.append("Seconds of the timed training per phase of the step (`PhaseTimes`: `System.nanoTime()` around each "
                 "phase, in runs of their own so that the throughput runs above are not perturbed). Forward and backward "
                 "also as a rate: the phase's flops (forward 2·Σ in·out per sample; backward the weight and input "
                 "gradients, 2·(2·Σ in·out − features·hidden₁)) over its seconds, and that rate's share of one thread's "
                 "peak. *update* is the optimizer step (SGD with momentum) with gradient transforms and constraints; "
                 "*other* is the data loss and its gradient, the penalty terms (L2's loss and gradient), the minibatch's "
                 "row gathers, shuffling and epoch ends.\n")
        L.append("| workload | threads | samples/s | forward s | backward s | update s | other s (loss, penalty, batch, epoch end, rest) "
                 "| forward GFLOP/s (share of peak) | backward GFLOP/s (share of peak) | whole step GFLOP/s (share of peak) |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        for ph in phases:
            wl = ph["workload"]
            if wl not in WORKLOADS or "phase_s" not in ph:
                continue
            t = ph["phase_s"]
            n = ph["samples_per_s"] * ph["seconds"]
            ff, fb = phase_flops(WORKLOADS[wl]["shape"])
            rest = ph["seconds"] - sum(t.values())
            other = t["loss"] + t["penalty"] + t["batch"] + t["epoch_end"] + rest

            def rate(flops, sec):
                g = flops / sec / 1e9 if sec > 0 else float("nan")
                return f"{g:.1f}" + (f" ({100 * g / peak:.0f}%)" if peak else "")

            L.append(f"| {wl} | {ph['threads']} | {ph['samples_per_s']:,.0f} | {t['forward']:.3f} | {t['backward']:.3f} | "
                     f"{t['update']:.3f} | {other:.3f} ({t['loss']:.3f}, {t['penalty']:.3f}, {t['batch']:.3f}, "
                     f"{t['epoch_end']:.3f}, {rest:.3f}) | {rate(n * ff, t['forward'])} | {rate(n * fb, t['backward'])} | "
                     f"{rate(n * flops_per_sample(WORKLOADS[wl]['shape']), ph['seconds'])} |")
        L.append("")

    e2e = read_e2e()
    if e2e:
        L.append("## End to end: `./occam run configs/moons-l2-keras.xml` and its peers (`e2e.py`, `e2e-results.json`)\n")
        L.append("| program | wall s (median) | CPU s | peak RSS MiB |")
        L.append("|---|---|---|---|")
        for name in ("occam", "occam-no-report", "sklearn", "torch"):
            v = e2e.get(name)
            if isinstance(v, dict):
                L.append(f"| {name} | {fmt(v.get('wall_s'))} | {fmt(v.get('cpu_s'))} | {fmt(v.get('peak_rss_mib'), 0)} |")
        L.append("")

    L.append("## Targets (issue 15)\n")
    L.append("| target | measured | held |")
    L.append("|---|---|---|")
    occ_wall = e2e.get("occam", {}).get("wall_s") if e2e and isinstance(e2e.get("occam"), dict) else None
    skl_wall = e2e.get("sklearn", {}).get("wall_s") if e2e and isinstance(e2e.get("sklearn"), dict) else None
    if occ_wall is not None and skl_wall is not None:
        L.append(f"| end to end: Occam's wall time (with the report) ≤ scikit-learn's, moons-l2-keras | "
                 f"{occ_wall:.2f} s vs {skl_wall:.2f} s | {'yes' if occ_wall <= skl_wall else 'no'} |")
    else:
        L.append("| end to end: Occam's wall time (with the report) ≤ scikit-learn's, moons-l2-keras | "
                 "not run (no `e2e-results.json`) | not run |")
    for wl in WORKLOADS:
        for fw in ("sklearn", "torch"):
            r = ratios.get((wl, 1, fw))
            if r is not None:
                L.append(f"| Occam 1 thread ≥ 2× {fw} 1 thread, {wl} | {r:.2f}× | {'yes' if r >= 2.0 else 'no'} |")
            else:
                L.append(f"| Occam 1 thread ≥ 2× {fw} 1 thread, {wl} | not run | not run |")
    wl50 = "synthetic 50k"
    o1 = [r["samples_per_s"] for r in sel("occam", wl50, 1)]
    o2 = [r["samples_per_s"] for r in sel("occam", wl50, 2)]
    if o1 and o2:
        r = med(o2) / med(o1)
        L.append(f"| Occam 2 threads ≥ 1.3× 1 thread, {wl50} | {r:.2f}× ({med(o2):,.0f} vs {med(o1):,.0f} samples/s) | "
                 f"{'yes' if r >= 1.3 else 'no'} |")
    else:
        L.append(f"| Occam 2 threads ≥ 1.3× 1 thread, {wl50} | not run | not run |")
    if sweeps:
        for sw in sweeps:
            L.append(f"| λ sweep of 8 on 2 threads ≤ 0.55× serial, {sw['workload']} | {sw['ratio']:.2f}× | "
                     f"{'yes' if sw['ratio'] <= 0.55 else 'no'} |")
    else:
        L.append("| λ sweep of 8 on 2 threads ≤ 0.55× serial | not run (`--skip-sweep`) | not run |")
    occ_rows = [r for r in results if r["framework"] == "occam"]
    if occ_rows:
        rss = max(r["rss_wait4_mib"] for r in occ_rows)
        L.append(f"| Occam benchmark process peak RSS ≤ 512 MiB (every workload and thread count) | {rss:.0f} MiB | "
                 f"{'yes' if rss <= 512 else 'no'} |")
    for wl in workloads:
        h1 = {r["params_sha256"] for r in sel("occam", wl, 1)}
        h2 = {r["params_sha256"] for r in sel("occam", wl, 2)}
        if h1 and h2:
            same = len(h1 | h2) == 1
            L.append(f"| bit-identical parameters, 1 vs 2 kernel threads, {wl} | SHA-256 prefix {', '.join(sorted(h1 | h2))} | "
                     f"{'yes' if same else 'no'} |")
    if "load_average" in raw:
        la = raw["load_average"]
        L.append("")
        L.append(f"Load average when the run ended (1, 5, 15 minutes): {la[0]:.2f}, {la[1]:.2f}, {la[2]:.2f} "
                 f"on {info['cpus']} CPUs.")
    L.append("")
    if peak2 and peak:
        L.append("## About this machine's second CPU\n")
        L.append(f"Two threads of pure FMA work together reach {peak2:.1f} GFLOP/s against {peak:.1f} for one "
                 f"({peak2 / peak:.2f}×). Where that ratio is near 1, the two logical CPUs share one core's "
                 "arithmetic (or are time-sliced by the hypervisor), so no framework can gain from a second "
                 "thread on compute-bound work, and a sweep on two threads cannot take less than about as long "
                 "as running it serially.\n")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report-only":      # rewrite RESULTS.md from results.json
        raw = json.load(open(os.path.join(HERE, "results.json")))
        reps = 1 + max(r["rep"] for r in raw["results"])
        wls = list(dict.fromkeys(r["workload"] for r in raw["results"]))
        write_report(raw, os.path.join(HERE, "RESULTS.md"), reps, wls)
    else:
        main()
