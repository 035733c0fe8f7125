#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns xact_bench's Google Benchmark JSON into docs/benchmarks.md and docs/benchmarks.svg
(run by scripts/bench-peers).

Usage: report.py RESULTS.json [--out docs/benchmarks.md] [--svg docs/benchmarks.svg]
                 [--callgrind build/bench/callgrind.tsv] [--meta KEY=VALUE ...]
       report.py RESULTS.json --readme     (prints the README's performance tables)

Benchmark names are `<op>/<pass>/<impl>/<type>/<n>` (anything after the fifth part, such as
/real_time, is ignored). The median aggregate of each name is used; a name without aggregates
(a single repetition) uses the median of its plain runs.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
from collections import OrderedDict

OPS = ["linear", "binary_step", "sigmoid", "hard_sigmoid", "tanh", "relu", "leaky_relu", "prelu",
       "rrelu", "clipped_relu", "elu", "selu", "gelu", "gelu_tanh", "swish", "silu", "softplus",
       "softsign", "softmax", "log_softmax"]
PASSES = ["forward", "backward", "backward_y", "fused"]
TYPES = ["f32", "f64"]
IMPLS = ["xact", "xact_lazy", "naive", "eigen", "onednn", "xnnpack", "torch"]
PEERS = ["naive", "eigen", "onednn", "xnnpack", "torch"]
# xact's eager calls on several threads (XACT_OPENMP builds): not a peer and not in the
# single-threaded tables; reported against xact in its own table.
PARALLEL = "xact_par"
STREAMS = {"forward": 2, "backward": 3, "backward_y": 3, "fused": 2}  # arrays read or written per element
BYTES = {"f32": 4, "f64": 8}
TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
L1, L2, DRAM = 4096, 65536, 16777216
SOFTMAX_COLS = 1000


def elements(op, n):
    """Elements processed at nominal size n: softmax rows are whole (as bench/common.cpp)."""
    if op in ("softmax", "log_softmax"):
        return max(1, n // SOFTMAX_COLS) * SOFTMAX_COLS
    return n


def size_label(n):
    for unit, div in (("Mi", 1 << 20), ("Ki", 1 << 10)):
        if n % div == 0:
            return "%d %s" % (n // div, unit)
    return str(n)


def fmt_ns(v):
    """ns/element with about three significant digits and no exponent."""
    if v is None:
        return ""
    for limit, form in ((100, "%.0f"), (10, "%.1f"), (1, "%.2f")):
        if v >= limit:
            return form % v
    return "%.3f" % v


def geomean(values):
    values = [v for v in values if v and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def load(path):
    """Returns ({(op, pass, impl, type, n): ns per element}, context, [(name, error)],
    {(op, pass, impl, type, n): max error in float ULP (counter max_ulp)})."""
    with open(path) as f:
        data = json.load(f)
    medians, plain, errors, ulps = {}, {}, [], {}
    for b in data.get("benchmarks", []):
        name = b.get("run_name") or b["name"]
        parts = name.split("/")
        if len(parts) < 5 or not parts[4].isdigit():
            continue
        op, pss, impl, typ, n = parts[0], parts[1], parts[2], parts[3], int(parts[4])
        key = (op, pss, impl, typ, n)
        if b.get("error_occurred"):
            errors.append(("/".join(parts[:5]), b.get("error_message", "")))
            continue
        # The same on every run of a name; the stddev and cv aggregates carry 0 and NaN.
        if "max_ulp" in b and b.get("aggregate_name", "median") == "median":
            ulps[key] = b["max_ulp"]
        ns = b["real_time"] * TO_NS[b.get("time_unit", "ns")] / elements(op, n)
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[key] = ns
        else:
            plain.setdefault(key, []).append(ns)
    for key, runs in plain.items():
        medians.setdefault(key, statistics.median(runs))
    # An error is reported once per name, not once per repetition.
    errors = list(OrderedDict.fromkeys(errors))
    return medians, data.get("context", {}), errors, ulps


class Results:
    def __init__(self, times, ulps=None):
        self.t = times
        self.ulps = ulps or {}
        self.sizes = sorted({k[4] for k in times})
        # Ops and implementations this script does not know are kept, after the known ones.
        refs = {"memcpy", "axpy", "loop"}
        self.all_ops = OPS + sorted({k[0] for k in times} - set(OPS) - refs)
        self.all_impls = IMPLS + sorted({k[2] for k in times} - set(IMPLS) - refs - {PARALLEL})

    def get(self, op, pss, impl, typ, n):
        return self.t.get((op, pss, impl, typ, n))

    def fastest_peer(self, op, pss, typ, n):
        """(peer, ns/element) of the fastest peer measured for this case, or (None, None)."""
        found = [(self.get(op, pss, p, typ, n), p) for p in PEERS]
        found = [(t, p) for t, p in found if t is not None]
        if not found:
            return None, None
        t, p = min(found)
        return p, t

    def speedup(self, op, pss, typ, n):
        x = self.get(op, pss, "xact", typ, n)
        p, t = self.fastest_peer(op, pss, typ, n)
        return (t / x, p) if x and t else (None, None)

    def max_ulp(self, op, pss, impl, typ, n):
        return self.ulps.get((op, pss, impl, typ, n))

    def parallel_speedup(self, op, pss, typ, n):
        """xact (one thread) / xact_par: > 1 when the threads help."""
        x, p = self.get(op, pss, "xact", typ, n), self.get(op, pss, PARALLEL, typ, n)
        return x / p if x and p else None

    def has_parallel(self):
        return any(k[2] == PARALLEL for k in self.t)

    def lazy_ratio(self, op, pss, typ, n):
        e, z = self.get(op, pss, "xact", typ, n), self.get(op, pss, "xact_lazy", typ, n)
        return z / e if e and z else None

    def memcpy_fraction(self, op, pss, typ, n):
        """memcpy time scaled to this pass's streams over xact's time (1 = memcpy speed)."""
        m, x = self.get("memcpy", "forward", "memcpy", typ, n), self.get(op, pss, "xact", typ, n)
        return m * STREAMS[pss] / 2 / x if m and x else None

    def ops(self, pss, typ):
        return [op for op in self.all_ops
                if any(self.get(op, pss, i, typ, n) for i in self.all_impls for n in self.sizes)]

    def impls(self, pss, typ):
        return [i for i in self.all_impls
                if any(self.get(op, pss, i, typ, n) for op in self.all_ops for n in self.sizes)]

    def tables(self):
        return [(p, t) for p in PASSES for t in TYPES if self.ops(p, t)]


def summary_table(r, w):
    w("| pass | type | ops | geomean speedup at %s (L1) | at %s (L2) | xact fastest at L1 | lazy/eager (geomean) |"
      % (size_label(L1), size_label(L2)))
    w("|---|---|---|---|---|---|---|")
    for pss, typ in r.tables():
        ops = r.ops(pss, typ)
        g = [geomean([r.speedup(op, pss, typ, n)[0] for op in ops]) for n in (L1, L2)]
        sp = [r.speedup(op, pss, typ, L1)[0] for op in ops]
        wins = "%d of %d" % (sum(1 for s in sp if s and s > 1), sum(1 for s in sp if s))
        lazy = geomean([r.lazy_ratio(op, pss, typ, n) for op in ops for n in r.sizes])
        w("| %s | %s | %d | %s | %s | %s | %s |" % (
            pss, typ, len(ops), *("%.2fx" % v if v else "-" for v in g), wins,
            "%.2f" % lazy if lazy else "-"))
    w("")


def readme_tables(r, w):
    """The README's performance tables: the summary, then float32 forward and backward per op
    (speedup over the fastest peer, which peer, and xact's fraction of memcpy at 16 Mi)."""
    summary_table(r, w)
    w("| op | fwd %s | fwd %s | fwd %s (%% memcpy) | bwd %s | bwd %s | bwd %s (%% memcpy) |"
      % ((size_label(L1), size_label(L2), size_label(DRAM)) * 2))
    w("|---|---|---|---|---|---|---|")

    def cell(op, pss, n):
        s, p = r.speedup(op, pss, "f32", n)
        text = "%.2fx (%s)" % (s, p) if s else "-"
        if s and n == L2 and r.max_ulp(op, pss, p, "f32", n) is not None:
            text = "%.2fx (%s, %s ULP)" % (s, p, fmt_ulp(r.max_ulp(op, pss, p, "f32", n)))
        if n == DRAM:
            f = r.memcpy_fraction(op, pss, "f32", n)
            text += " (%.0f%%)" % (100 * f) if f else ""
        return text

    for op in r.ops("forward", "f32"):
        w("| %s | %s |" % (op, " | ".join(cell(op, pss, n) for pss in ("forward", "backward")
                                          for n in (L1, L2, DRAM))))
    w("")


def fmt_ulp(v):
    if v is None:
        return "-"
    if v == float("inf"):
        return "inf"
    return "%.3g" % v if v < 1000 else "%.2e" % v


def error_table(r, w):
    """Largest error of each implementation over the benchmark's own float inputs."""
    for pss in ("forward", "backward", "backward_y"):
        ops = [op for op in r.ops(pss, "f32")
               if any(r.max_ulp(op, pss, i, "f32", L2) is not None for i in IMPLS)]
        if not ops:
            continue
        impls = [i for i in IMPLS if any(r.max_ulp(op, pss, i, "f32", L2) is not None
                                         for op in ops)]
        w("### %s, f32, %s inputs" % (pss, size_label(L2)))
        w("")
        w("| op | " + " | ".join(impls) + " |")
        w("|---|" + "---:|" * len(impls))
        for op in ops:
            w("| %s | %s |" % (op, " | ".join(fmt_ulp(r.max_ulp(op, pss, i, "f32", L2))
                                              for i in impls)))
        w("")


def summary(r, w):
    summary_table(r, w)
    # Each peer covers its own subset of ops, so the fastest-peer mean mixes coverage: the
    # per-peer means below compare xact with one peer on exactly the ops that peer has.
    peers = [p for p in PEERS if any(r.get(op, pss, p, typ, n) for pss, typ in r.tables()
                                     for op in r.all_ops for n in r.sizes)]
    w("Per peer: geometric mean of peer / xact at %s and %s over the ops the peer implements "
      "(number of ops in parentheses)." % (size_label(L1), size_label(L2)))
    w("")
    w("| pass | type | " + " | ".join(peers) + " |")
    w("|---|---|" + "---|" * len(peers))
    for pss, typ in r.tables():
        cells = []
        for p in peers:
            both = []
            for n in (L1, L2):
                s = [r.get(op, pss, p, typ, n) / r.get(op, pss, "xact", typ, n) for op in r.all_ops
                     if r.get(op, pss, p, typ, n) and r.get(op, pss, "xact", typ, n)]
                both.append("%.2fx (%d)" % (geomean(s), len(s)) if s else "-")
            cells.append(" / ".join(both) if both != ["-", "-"] else "")
        w("| %s | %s | %s |" % (pss, typ, " | ".join(cells)))
    w("")


def detail_table(r, pss, typ, w):
    impls = r.impls(pss, typ)
    w("### %s, %s" % (pss, typ))
    w("")
    w("ns/element (median; **bold** = fastest). speedup = fastest peer / xact (>1: xact faster). "
      "%% memcpy = xact's throughput as a fraction of memcpy moving the same %d streams (%s only). "
      "lazy/eager = xact_lazy / xact." % (STREAMS[pss], size_label(DRAM)))
    if pss == "fused":
        w("")
        w("fused: y = f(x) * 1.5 + 0.25. xact_lazy is the one-pass Eigen expression "
          "`x.unaryExpr(xact::eigen::op(f)) * w + b`; xact evaluates f into a preallocated "
          "temporary first (`xact::forward`, then `t * w + b`): lazy/eager < 1 means fusing wins.")
    w("")
    w("| op | n | " + " | ".join(impls) + " | speedup (vs) | % memcpy | lazy/eager |")
    w("|---|---:|" + "---:|" * len(impls) + "---|---:|---:|")
    for op in r.ops(pss, typ):
        for n in r.sizes:
            ts = [r.get(op, pss, i, typ, n) for i in impls]
            if not any(ts):
                continue
            best = min(t for t in ts if t)
            cells = [("**%s**" if t == best else "%s") % fmt_ns(t) if t else "" for t in ts]
            s, peer = r.speedup(op, pss, typ, n)
            frac = r.memcpy_fraction(op, pss, typ, n) if n == DRAM else None
            lazy = r.lazy_ratio(op, pss, typ, n)
            w("| %s | %s | %s | %s | %s | %s |" % (
                op, size_label(n), " | ".join(cells), "%.2fx (%s)" % (s, peer) if s else "",
                "%.0f%%" % (100 * frac) if frac else "", "%.2f" % lazy if lazy else ""))
    w("")


def parallel_table(r, w):
    """xact / xact_par per op, pass and type at each size."""
    w("Speed-up of xact's eager calls on several OpenMP threads (`xact_par`, xact built with "
      "`-DXACT_OPENMP=ON`) over the same calls on one thread (`xact`): ns/element of xact / "
      "ns/element of xact_par (>1: the threads help). Below the work threshold "
      "(`XACT_PARALLEL_MIN_WORK` = elements x F::cost) both run the same serial loop, so the "
      "ratio is 1 within noise.")
    w("")
    w("| op | pass | type | " + " | ".join(size_label(n) for n in r.sizes) + " |")
    w("|---|---|---|" + "---:|" * len(r.sizes))
    for pss in PASSES:
        for typ in TYPES:
            for op in r.all_ops:
                vals = [r.parallel_speedup(op, pss, typ, n) for n in r.sizes]
                if not any(vals):
                    continue
                w("| %s | %s | %s | %s |" % (op, pss, typ, " | ".join(
                    "%.2fx" % v if v else "" for v in vals)))
    w("")


def bandwidth_table(r, w):
    w("| type | n | memcpy ns/element | memcpy GB/s | axpy ns/element | axpy GB/s |")
    w("|---|---:|---:|---:|---:|---:|")
    for typ in TYPES:
        for n in r.sizes:
            m, a = r.get("memcpy", "forward", "memcpy", typ, n), r.get("axpy", "forward", "loop", typ, n)
            if not (m or a):
                continue
            gbs = lambda t: "%.1f" % (2 * BYTES[typ] / t) if t else ""  # 2 streams; bytes/ns = GB/s
            w("| %s | %s | %s | %s | %s | %s |" % (typ, size_label(n), fmt_ns(m), gbs(m), fmt_ns(a), gbs(a)))
    w("")


def callgrind_section(path, r, w):
    rows = OrderedDict()
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            rows.setdefault(p[0], {})[p[1]] = (float(p[2]), p[5] if len(p) > 5 else "?")
    passes = [p for p in PASSES if any(p in v for v in rows.values())]
    n = next(iter(next(iter(rows.values())).values()))[1] if rows else "?"
    w("Instructions executed per element by xact's eager f32 kernels (valgrind --tool=callgrind, "
      "`scripts/callgrind-counts`): (Ir(n = %s) - Ir(n = 0)) / n for one call of "
      "`xact_instr_count <op> <pass> <n>` (`bench/instr_count.cpp`), so the fixed cost of "
      "parameter and shape checks is excluded. Counts do not depend on the machine's load. "
      "The counted binary is built without AVX-512 (valgrind does not decode it), so on an "
      "AVX-512 CPU they are the AVX2 path's counts while the timings are the AVX-512 path's. "
      "ns/element: xact f32 at %s from the tables above." % (n, size_label(L1)))
    w("")
    w("| op | " + " | ".join("%s Ir/element | %s ns/element" % (p, p) for p in passes) + " |")
    w("|---|" + "---:|---:|" * len(passes))
    for op, v in rows.items():
        cells = []
        for p in passes:
            cells.append("%.2f" % v[p][0] if p in v else "")
            cells.append(fmt_ns(r.get(op, p, "xact", "f32", L1)))
        w("| %s | %s |" % (op, " | ".join(cells)))
    w("")


def plot(r, svg):
    """Speedup of xact over the fastest peer, one panel per pass and type. Returns an error or None."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "gnuplot is not installed (Debian: apt-get install gnuplot-nox)"
    panels = [(p, t) for p, t in r.tables()
              if any(r.speedup(op, p, t, n)[0] for op in r.ops(p, t) for n in r.sizes)]
    if not panels:
        return "no case has both xact and a peer"
    cols = 2 if len(panels) > 1 else 1
    rows = (len(panels) + cols - 1) // cols
    g = ["set terminal svg size %d,%d dynamic noenhanced font 'sans,11'" % (620 * cols, 380 * rows),
         "set output '%s'" % svg, "set datafile missing '?'", "set logscale y 2",
         "set key autotitle columnheader",
         "set ytics (0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 8, 16, 32, 64)",
         "set grid ytics", "set xtics rotate by 45 right scale 0", "set key outside right top",
         "set ylabel 'fastest peer / xact'", "set multiplot layout %d,%d" % (rows, cols)]
    for pss, typ in panels:
        ops = [op for op in r.ops(pss, typ) if any(r.speedup(op, pss, typ, n)[0] for n in r.sizes)]
        g.append("$d << EOD")
        g.append("op " + " ".join('"%s"' % size_label(n) for n in r.sizes))
        for op in ops:
            vals = [r.speedup(op, pss, typ, n)[0] for n in r.sizes]
            g.append(op + " " + " ".join("%.4g" % v if v else "?" for v in vals))
        g.append("EOD")
        g.append("set title '%s %s: speedup of xact over the fastest peer (>1: xact faster)'" % (pss, typ))
        g.append("set xrange [-0.5:%f]" % (max(len(ops), 1) - 0.5))
        vals = [v for op in ops for v in (r.speedup(op, pss, typ, n)[0] for n in r.sizes) if v]
        g.append("set yrange [%g:%g]" % (min([0.8] + vals) / 1.1, max([1.25] + vals) * 1.1))
        k = len(r.sizes)
        # The op names as tick labels (first element), then the sizes as points side by side
        # around each op's tick, and the break-even line.
        g.append("plot $d using 0:(NaN):xtic(1) notitle, "
                 "for [i=2:%d] $d using ($0 + (i - %g) * 0.15):i with points pt 7 ps 0.8 "
                 "title columnheader(i), 1 with lines dt 2 lc 'black' notitle" % (k + 1, (k + 3) / 2.0))
    g.append("unset multiplot")
    try:
        subprocess.run([gnuplot], input="\n".join(g) + "\n", text=True, check=True,
                       capture_output=True)
    except subprocess.CalledProcessError as e:
        return "gnuplot failed: " + e.stderr.strip().splitlines()[-1] if e.stderr.strip() else "gnuplot failed"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--out", default="docs/benchmarks.md")
    ap.add_argument("--svg", default="docs/benchmarks.svg")
    ap.add_argument("--callgrind", default="build/bench/callgrind.tsv")
    ap.add_argument("--meta", action="append", default=[])
    ap.add_argument("--readme", action="store_true",
                    help="print the README's performance tables and exit")
    a = ap.parse_args()
    meta = OrderedDict(m.split("=", 1) for m in a.meta)
    times, context, errors, ulps = load(a.results)
    r = Results(times, ulps)
    if a.readme:
        lines = []
        readme_tables(r, lines.append)
        print("\n".join(lines))
        return
    plot_error = plot(r, a.svg)

    out = []
    w = out.append
    w("<!-- SPDX-License-Identifier: MIT -->")
    w("<!-- Generated by scripts/bench-peers (bench/report.py); do not edit by hand. -->")
    w("# xact benchmarks")
    w("")
    w("Time per element of xact's eager (`xact::forward`, `xact::backward`, "
      "`xact::backward_from_output`) and lazy (`x.unaryExpr(xact::eigen::op(f))`) evaluation "
      "against a plain loop (naive), Eigen's built-ins, oneDNN, XNNPACK and LibTorch, "
      "single-threaded, on arrays from L1-sized to DRAM-sized.")
    w("")
    w("## Method")
    w("")
    for k, v in meta.items():
        w("- **%s**: %s" % (k, v))
    caches = ", ".join("L%d%s %d KiB" % (c["level"], {"Data": "d", "Instruction": "i"}.get(c["type"], ""),
                                          c["size"] // 1024)
                       for c in context.get("caches", []) if c.get("type") != "Instruction")
    if caches:
        w("- **caches** (Google Benchmark): %s" % caches)
    if context.get("cpu_scaling_enabled"):
        w("- **warning**: CPU frequency scaling was enabled during the run; timings are noisier.")
    if context.get("library_build_type") == "debug":
        w("- **note**: the Google Benchmark library is a debug build (the harness only; the timed "
          "code is compiled -O3).")
    load_avg = context.get("load_avg") or [0]
    if load_avg[0] > 0.5 * context.get("num_cpus", 1):
        w("- **warning**: load average %.2f on %d CPUs when the run started: the machine was not "
          "idle, timings are unreliable." % (load_avg[0], context.get("num_cpus", 1)))
    w("- **timing**: Google Benchmark wall time per iteration (real_time); each number is the "
      "median over the repetitions, divided by the elements processed (softmax and log_softmax: "
      "whole rows of %d columns, n rounded down to a multiple of %d)." % (SOFTMAX_COLS, SOFTMAX_COLS))
    w("- **inputs**: x uniform in [-5, 5], dy uniform in [-1, 1] (fixed seed), default "
      "parameters (PyTorch's defaults); outputs preallocated; peer objects (primitives, operators, "
      "tensors) created outside the timed loop. Every peer's output is checked against xact's "
      "before it is timed; a mismatch skips that benchmark (listed below).")
    w("- **speedup** = ns/element of the fastest peer (naive, eigen, onednn, xnnpack, torch) / "
      "ns/element of xact eager; geometric means over the ops of a table.")
    w("")
    w("## Summary")
    w("")
    if plot_error:
        w("(Plot skipped: %s.)" % plot_error)
    else:
        w("![speedup of xact over the fastest peer](%s)" % os.path.relpath(a.svg, os.path.dirname(a.out) or "."))
    w("")
    summary(r, w)
    w("## Bandwidth references")
    w("")
    w("memcpy (`std::memcpy`, 2 streams) and axpy (y = a x + b, a plain loop), both ways of "
      "moving the bytes an element-wise pass cannot avoid.")
    w("")
    bandwidth_table(r, w)
    w("## Results")
    w("")
    for pss, typ in r.tables():
        detail_table(r, pss, typ, w)
    if r.ulps:
        w("## Accuracy on these inputs")
        w("")
        w("Largest error of each implementation over the float inputs of the %s-element "
          "benchmarks (x uniform in [-5, 5], dy in [-1, 1]), in float ULP of the exact result, "
          "which is xact evaluated in double on the same inputs (its own error there is about "
          "2^-29 float ULP). The passes from the output (backward_y, and the softmax family's "
          "backward) start from the float y every implementation is given. The softmax family's "
          "backward, y_i (dy_i - sum_j y_j dy_j), cancels where dy_i is near the sum, so its "
          "element-wise errors are large for every implementation; docs/accuracy.md bounds "
          "xact's relative to the terms. These inputs avoid the far tails, where the fast peers "
          "lose most; xact's bounds over every float are in docs/accuracy.md." % size_label(L2))
        w("")
        error_table(r, w)
    if r.has_parallel():
        w("## Parallel speed-up")
        w("")
        parallel_table(r, w)
    w("## Instruction counts")
    w("")
    if a.callgrind and os.path.exists(a.callgrind):
        callgrind_section(a.callgrind, r, w)
    else:
        w("Not measured in this run (`scripts/callgrind-counts` writes %s)." % a.callgrind)
        w("")
    if errors:
        w("## Skipped benchmarks")
        w("")
        for name, msg in errors:
            w("- `%s`: %s" % (name, msg))
        w("")
    with open(a.out, "w") as f:
        f.write("\n".join(out) + "\n")
    if plot_error:
        print("report.py: plot skipped: " + plot_error)


if __name__ == "__main__":
    main()
