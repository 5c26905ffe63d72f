#!/usr/bin/python3
"""report.py - the table and bench/RESULTS.md from what bench/run.sh measured.

Usage:
    /usr/bin/python3 bench/report.py BENCH_DIR RESULTS.md

Reads BENCH_DIR/machine.tsv, results.tsv (name rc wall_s cpu_s rss_mb per
command), values.tsv (key value), the key=value lines kpbench and the peers
print (logs/*.out), perf_self.txt and massif.out; prints the table on stdout
and writes RESULTS.md: the machine, the numbers, the issue's goals met or not,
and where the national time and memory go.
"""

import os
import re
import sys

GOAL_PDF_SPEED, GOAL_PDF_BYTES = 5.0, 0.5
GOAL_PACKETS, GOAL_PACKETS_S, CORES = 50000, 120.0, 2
GOAL_NAT_S, GOAL_NAT_MB = 10.0, 2048.0
GOAL_XLSX_SPEED = 3.0


def read_tsv(path, ncols):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                out[parts[0]] = parts[1:] if ncols > 2 else parts[1]
    return out


def kvs(path):
    """key=value pairs of a kpbench / peer stdout file."""
    d = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            for m in re.finditer(r"(\w+)=([^\s]+)", f.read()):
                d[m.group(1)] = m.group(2)
    return d


def num(x, default=None):
    try:
        return float(x)
    except (TypeError, ValueError):
        return default


class Run:
    def __init__(self, row):
        self.rc = int(row[0]) if row else None
        self.wall = num(row[1]) if row else None
        self.cpu = num(row[2]) if row else None
        self.rss = num(row[3]) if row else None

    @property
    def ok(self):
        return self.rc == 0


def fmt(x, unit="", digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2 if abs(x) >= 1 else 3
    return ("%.*f" % (digits, x)) + unit


def mb(b):
    return None if b is None else b / 1e6


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    w, out_md = argv[1], argv[2]
    machine = read_tsv(os.path.join(w, "machine.tsv"), 2)
    res = {k: Run(v) for k, v in read_tsv(os.path.join(w, "results.tsv"), 5).items()}
    val = read_tsv(os.path.join(w, "values.tsv"), 2)
    logs = os.path.join(w, "logs")
    R = lambda name: res.get(name, Run(None))
    V = lambda key: num(val.get(key))
    K = lambda name: kvs(os.path.join(logs, name + ".out"))
    sizes = kvs(os.path.join(logs, "sizes.out"))

    rows = []  # (section, what, wall, cpu, rss, bytes, note)

    def add(section, what, run=None, wall=None, cpu=None, rss=None, nbytes=None, note=""):
        if run is not None:
            wall = run.wall if wall is None else wall
            cpu = run.cpu if cpu is None else cpu
            rss = run.rss if rss is None else rss
            if run.rc not in (0, None):
                note = ("FAILED (exit %d) " % run.rc) + note
        rows.append((section, what, wall, cpu, rss, nbytes, note))

    # ---- scoring
    st = {s: K("stages_" + s) for s in ("district", "city", "nat50k")}
    for s, label in (("district", "district: 300 areas, 3,000 workers"),
                     ("city", "city: 4,600 areas, 50,000 workers"),
                     ("nat50k", "national/10: 50,000 workers x 12 cards")):
        k = st[s]
        note = "%s obs rows; model %s s, score %s s (in-process)" % (
            fmt(V("data_%s_obs_rows" % s), digits=0), k.get("model_s", "–"), k.get("score_s", "–"))
        add("scoring", "kaoping check " + label, R("check_" + s),
            nbytes=V("data_%s_bytes" % s), note=note)
    nat = R("check_national")
    nat_err = val.get("check_national_error", "")
    add("scoring", "kaoping check national: 500,000 workers x 12 cards", nat,
        nbytes=V("data_national_bytes"),
        note=("%s obs rows; capped at %s MB address space; %s" % (
            fmt(V("data_national_obs_rows"), digits=0),
            os.environ.get("BENCH_NATIONAL_CAP_MB", "4096"), nat_err or "ok")))
    add("scoring", "kaoping run --stage score district", R("score_district"))
    add("scoring", "kaoping run --stage score city", R("score_city"))
    full = R("run_full_district")
    add("scoring", "kaoping run district, every layout", full,
        nbytes=V("full_district_bytes"),
        note="%s PDF documents" % fmt(V("full_district_docs"), digits=0))

    # ---- one-page PDF
    kpb = K("kpb_pdf_page")
    rl = K("rl_repeat")
    reps = num(kpb.get("docs")) or num(rl.get("docs"))
    ours_ms, ours_cpu_ms = num(kpb.get("ms_per_doc")), num(kpb.get("cpu_ms_per_doc"))
    rl_ms, rl_cpu_ms = num(rl.get("ms_per_doc")), num(rl.get("cpu_ms_per_doc"))
    ours_b, rl_b = V("ours_page_bytes"), V("rl_page_bytes")
    ours_pages, rl_pages = V("ours_page_pages") or 1, V("rl_page_pages") or 1
    loop = R("loop_run_page")
    reps_cli = num(os.environ.get("BENCH_REPS", "200"))
    rl_loop = R("loop_rl_page")
    rl_procs = V("rl_procs") or 10
    add("pdf 1 page", "ours: kp_render_document x %s in one process" % fmt(reps, digits=0),
        wall=ours_ms / 1000 if ours_ms else None, cpu=ours_cpu_ms / 1000 if ours_cpu_ms else None,
        rss=num(kpb.get("hwm_mb")), nbytes=ours_b, note="per document; PDF/A-1b, %s page(s)" %
        fmt(ours_pages, digits=0))
    add("pdf 1 page", "ours: kaoping run (csv, xlsx, pdf, manifest) per process",
        wall=loop.wall / reps_cli if loop.wall else None,
        cpu=loop.cpu / reps_cli if loop.cpu else None, rss=R("run_table_page").rss,
        nbytes=ours_b, note="mean of %s runs" % fmt(reps_cli, digits=0))
    add("pdf 1 page", "ReportLab: the same table x %s in one process" % fmt(reps, digits=0),
        wall=rl_ms / 1000 if rl_ms else None, cpu=rl_cpu_ms / 1000 if rl_cpu_ms else None,
        rss=R("rl_repeat").rss, nbytes=rl_b,
        note="per document; %s page(s)" % fmt(rl_pages, digits=0))
    add("pdf 1 page", "ReportLab: python3 reportlab_table.py per process",
        wall=rl_loop.wall / rl_procs if rl_loop.wall else None,
        cpu=rl_loop.cpu / rl_procs if rl_loop.cpu else None, rss=R("rl_once").rss, nbytes=rl_b,
        note="mean of %s runs" % fmt(rl_procs, digits=0))
    lo = R("lo_page")
    lo_pages = V("lo_page_pages")
    if lo.rc is not None:
        add("pdf 1 page", "LibreOffice: soffice --convert-to pdf (page set's results.xlsx)",
            lo, nbytes=V("lo_page_bytes"),
            note="%s pages (every sheet): %s s and %s KB per page" % (
                fmt(lo_pages, digits=0), fmt(ratio(lo.wall, lo_pages)),
                fmt(ratio(V("lo_page_bytes"), (lo_pages or 0) * 1000))))
    lod = R("lo_district")
    if lod.rc is not None:
        lod_pages = V("lo_district_pages")
        add("pdf 1 page", "LibreOffice: district results.xlsx (3,300 rows) to PDF", lod,
            nbytes=V("lo_district_bytes"),
            note="%s pages: %s ms per page" % (fmt(lod_pages, digits=0),
                                              fmt(1000 * ratio(lod.wall, lod_pages) if lod_pages else None)))
    loc = R("lo_city")
    if loc.rc is not None:
        add("pdf 1 page", "LibreOffice: city results.xlsx to PDF", loc, nbytes=V("lo_city_bytes"),
            note="%s pages" % fmt(V("lo_city_pages"), digits=0))

    # ---- xlsx
    kx = K("kpb_xlsx_city")
    px = K("peer_xlsx_city")
    none_c, score_c = R("run_none_city"), R("score_city")
    cli_delta = (none_c.wall - score_c.wall) if none_c.wall and score_c.wall else None
    cli_delta_cpu = (none_c.cpu - score_c.cpu) if none_c.cpu and score_c.cpu else None
    add("xlsx 50,000 rows", "ours: kp_render_xlsx, city results.xlsx (in-process)",
        wall=num(kx.get("s")), cpu=num(kx.get("cpu_s")), rss=num(kx.get("hwm_mb")),
        nbytes=V("xlsx_city_bytes"),
        note="RSS %s MB before the workbook (model and results); RSS column: peak while "
        "writing" % kx.get("rss_before_mb", "–"))
    add("xlsx 50,000 rows", "ours: kaoping run without documents minus --stage score",
        wall=cli_delta, cpu=cli_delta_cpu, rss=none_c.rss, nbytes=V("xlsx_city_bytes"),
        note="whole run %s s" % fmt(none_c.wall))
    pr = R("peer_xlsx_city")
    add("xlsx 50,000 rows", "python3-xlsxwriter (constant_memory): write only",
        wall=num(px.get("write_s")), cpu=num(px.get("write_cpu_s")), rss=pr.rss, nbytes=V("peer_xlsx_city_bytes"),
        note="process %s s wall, %s s CPU, of which reading the CSVs %s s; %s cells" % (
            fmt(pr.wall), fmt(pr.cpu), px.get("read_s", "–"), px.get("cells", "–")))

    # ---- packets
    pset = val.get("packets_set", "district")
    pk = R("packets_" + pset)
    pcount = V("packets_count")
    add("packets", "kaoping run, layouts/packet.xml only: %s set" % pset, pk,
        nbytes=V("packets_bytes"),
        note="%s packets; sample of every 97th: %s" % (fmt(pcount, digits=0),
                                                       val.get("packets_pages_sample", "").strip()))
    kp_plan = K("kpb_plan_city")
    if kp_plan:
        add("packets", "kpbench: kp_render_plan of the city's %s packets" % kp_plan.get("docs", "?"),
            wall=num(kp_plan.get("plan_s")), note="layouts, fonts and the plan; no document")
    d1, d2 = K("kpb_docs1"), K("kpb_docs2")
    if d1:
        add("packets", "kpbench: district packets, 1 thread", R("kpb_docs1"),
            wall=num(d1.get("s")), cpu=num(d1.get("cpu_s")), nbytes=num(d1.get("bytes")),
            note="plan %s s" % d1.get("plan_s", "–"))
    if d2:
        add("packets", "kpbench: district packets, 2 threads", R("kpb_docs2"),
            wall=num(d2.get("s")), cpu=num(d2.get("cpu_s")), nbytes=num(d2.get("bytes")),
            note="byte-identical to 1 thread: %s" % val.get("docs_threads_identical", "–"))
    sh1, sh2, shf, shs = R("shard_1"), R("shard_2"), R("shard_finish"), R("shard_single")
    if sh1.wall:
        add("packets", "district: run --stage score (snapshot)", R("shard_score"))
        add("packets", "district: render --shard 1/2 -j 1 (+ run files)", sh1)
        add("packets", "district: render --shard 2/2 -j 1", sh2)
        add("packets", "district: render --finish (check, manifest)", shf,
            note="union of the shards byte-identical to one run: %s" % val.get("shards_identical", "–"))
        add("packets", "district: the same as one kaoping run (-j %s)" % val.get("packets_jobs", "?"), shs)
    rk = R("ranking_city")
    add("packets", "kaoping run, layouts/ranking.xml: city bulletins", rk,
        nbytes=(V("ranking_city_area_bytes") or 0) + (V("ranking_city_worker_bytes") or 0),
        note="area %s pages, worker %s pages" % (fmt(V("ranking_city_area_pages"), digits=0),
                                                 fmt(V("ranking_city_worker_pages"), digits=0)))

    # ---- goals
    goals = []
    # 1. one page vs ReportLab (in-process, wall; CPU shown too)
    sp_wall = ratio(rl_ms, ours_ms)
    sp_cpu = ratio(rl_cpu_ms, ours_cpu_ms)
    by = ratio(ratio(ours_b, ours_pages), ratio(rl_b, rl_pages))
    sp_proc = ratio(ratio(rl_loop.wall, rl_procs), ratio(loop.wall, reps_cli))
    met1 = sp_wall is not None and by is not None and sp_wall >= GOAL_PDF_SPEED and by <= GOAL_PDF_BYTES
    goals.append(("One-page ranking >= 5x faster than ReportLab and <= 1/2 its bytes",
                  "met" if met1 else "not met",
                  "time per page: ours %s ms vs ReportLab %s ms = %sx faster (CPU %sx; whole "
                  "process %sx); bytes per page: %s vs %s = %s" % (
                      fmt(ours_ms), fmt(rl_ms), fmt(sp_wall), fmt(sp_cpu), fmt(sp_proc),
                      fmt(ratio(ours_b, ours_pages), digits=0), fmt(ratio(rl_b, rl_pages), digits=0),
                      fmt(by))))
    # 2. packets
    per_wall = ratio(pk.wall, pcount)
    per_cpu = ratio(pk.cpu, pcount)
    if not pcount:
        goals.append(("50,000 year-end packets in < 2 min on 2 cores", "not measurable yet",
                      "kaoping run wrote no packet-*.pdf"))
    else:
        proj = per_wall * GOAL_PACKETS if per_wall else None
        direct = pset == "city"
        goals.append(("50,000 year-end packets in < 2 min on 2 cores",
                       "met" if proj and proj < GOAL_PACKETS_S else "not met",
                       "%s: %s packets in %s s wall with -j %s (%s ms/packet wall, %s ms CPU a "
                       "packet) -> 50,000 packets in %s s" % (
                           "measured on the city set" if direct else "measured on the district set, scaled",
                           fmt(pcount, digits=0), fmt(pk.wall), val.get("packets_jobs", "?"),
                           fmt(1000 * per_wall if per_wall else None),
                           fmt(1000 * per_cpu if per_cpu else None), fmt(proj))))
    # 3. national
    n50 = R("check_nat50k")
    proj_t = n50.wall * 10 if n50.wall else None
    proj_m = n50.rss * 10 if n50.rss else None
    met3 = nat.ok and nat.wall is not None and nat.wall < GOAL_NAT_S and nat.rss < GOAL_NAT_MB
    goals.append(("Scoring 500,000 workers x 12 months in < 10 s, peak < 2 GB",
                  "met" if met3 else "not met",
                  "national: %s after %s s at %s MB peak RSS; national/10 takes %s s and %s MB, "
                  "so the full set needs about %s s and %s GB (linear; time grows faster)" % (
                      "ok" if nat.ok else "failed (%s)" % (nat_err or "exit %s" % nat.rc),
                      fmt(nat.wall), fmt(nat.rss, digits=0), fmt(n50.wall), fmt(n50.rss, digits=0),
                      fmt(proj_t, digits=0), fmt(proj_m / 1024 if proj_m else None))))
    # 4. xlsx
    ours_x = num(kx.get("s")) or cli_delta
    peer_x = num(px.get("write_s"))
    sx = ratio(peer_x, ours_x)
    sx_cpu = ratio(num(px.get("write_cpu_s")), num(kx.get("cpu_s")) or cli_delta_cpu)
    goals.append(("XLSX >= 3x faster than python3-xlsxwriter on the same 50,000-row workbook",
                  "met" if sx and sx >= GOAL_XLSX_SPEED else "not met",
                  "writing: ours %s s vs python3-xlsxwriter %s s = %sx (CPU %sx); bytes %s vs "
                  "%s MB; peak RSS of the run %s vs %s MB (ours: the model's record arrays; the "
                  "workbook itself adds %s MB)" % (
                      fmt(ours_x), fmt(peer_x), fmt(sx), fmt(sx_cpu), fmt(mb(V("xlsx_city_bytes"))),
                      fmt(mb(V("peer_xlsx_city_bytes"))), fmt(none_c.rss, digits=0),
                      fmt(pr.rss, digits=0),
                      fmt((num(kx.get("hwm_mb")) or 0) - (num(kx.get("rss_before_mb")) or 0),
                          digits=0))))

    # ---- ratio table (ours / peer)
    ratios = [
        ("1 page vs ReportLab, in-process: time per page (wall, CPU)",
         "%s, %s" % (fmt(ratio(ours_ms, rl_ms)), fmt(ratio(ours_cpu_ms, rl_cpu_ms)))),
        ("1 page vs ReportLab, per process: time per page",
         fmt(ratio(ratio(loop.wall, reps_cli), ratio(rl_loop.wall, rl_procs)))),
        ("1 page vs ReportLab: bytes per page", fmt(by)),
        ("1 page vs ReportLab: peak RSS (process)", fmt(ratio(R("run_table_page").rss, R("rl_once").rss))),
    ]
    if lo.rc is not None and lo_pages:
        ratios += [
            ("1 page vs LibreOffice (xlsx->pdf): time per page",
             fmt(ratio(ratio(loop.wall, reps_cli), ratio(lo.wall, lo_pages)))),
            ("1 page vs LibreOffice: bytes per page",
             fmt(ratio(ratio(ours_b, ours_pages), ratio(V("lo_page_bytes"), lo_pages)))),
            ("1 page vs LibreOffice: peak RSS", fmt(ratio(R("run_table_page").rss, lo.rss))),
        ]
    ratios += [
        ("XLSX vs python3-xlsxwriter: time, write only (wall, CPU)",
         "%s, %s" % (fmt(ratio(ours_x, peer_x)), fmt(ratio(num(kx.get("cpu_s")),
                                                            num(px.get("write_cpu_s")))))),
        ("XLSX vs python3-xlsxwriter: bytes", fmt(ratio(V("xlsx_city_bytes"), V("peer_xlsx_city_bytes")))),
        ("XLSX vs python3-xlsxwriter: peak RSS (process)", fmt(ratio(none_c.rss, pr.rss))),
    ]

    # ---- print the table
    hdr = "%-16s %-64s %10s %10s %9s %10s  %s" % ("", "measurement", "wall s", "CPU s",
                                                   "RSS MB", "MB", "note")
    print(hdr)
    print("-" * len(hdr))
    for sec, what, wall, cpu, rss, nb, note in rows:
        print("%-16s %-64s %10s %10s %9s %10s  %s" % (sec, what[:64], fmt(wall), fmt(cpu),
                                                      fmt(rss, digits=0), fmt(mb(nb)), note))
    print()
    for what, r in ratios:
        print("ratio ours/peer  %-64s %s" % (what, r))
    print()
    for g, status, detail in goals:
        print("GOAL %-72s %s" % (g, status.upper()))
        print("     " + detail)

    # ---- RESULTS.md
    md = []
    md.append("# Benchmark results (`make bench`)\n")
    md.append("Written by `bench/report.py` from the run of `bench/run.sh` on %s. Every number "
              "below comes from that run; logs are in `build/bench/logs`.\n" % machine.get("date", "?"))
    md.append("## Machine\n")
    md.append("| | |\n|---|---|")
    for k, label in (("nproc", "CPUs (nproc)"), ("cpu", "CPU model"), ("mem", "memory"),
                     ("kernel", "kernel"), ("os", "system"), ("load_before", "load average at start"),
                     ("commit", "kaoping commit"), ("python", "Python"), ("reportlab", "ReportLab"),
                     ("xlsxwriter_py", "python3-xlsxwriter"), ("libxlsxwriter", "libxlsxwriter"),
                     ("libharu", "libharu"),
                     ("libreoffice", "LibreOffice")):
        md.append("| %s | %s |" % (label, machine.get(k, "?")))
    md.append("| load average at end | %s |" % val.get("load_after", "?"))
    md.append("| bench duration | %s s |" % val.get("bench_seconds", "?"))
    md.append("")
    md.append("The machine is shared: other jobs may run during the bench (see the load "
              "averages); where the wall column exceeds the CPU column of a single-threaded "
              "command, the difference is waiting for a core. The CPU column (user+system time) "
              "is the steadier measure; ratios are given on both where they differ.\n")
    md.append("## Data sets (`bench/gen.py`, seeded)\n")
    md.append("| set | rule set | subjects | observation rows | size |\n|---|---|---|---|---|")
    for s, rules, subj in (("page", "zhongshan-2023", "20 areas"),
                           ("district", "zhongshan-2023", "300 areas + 3,000 workers (40 raters each)"),
                           ("city", "zhongshan-2023", "4,600 areas (40 raters) + 50,000 workers (3-5 raters)"),
                           ("nat50k", "putuo-2017", "50,000 workers x 12 monthly cards, 500 areas, 5 streets"),
                           ("national", "putuo-2017", "500,000 workers x 12 monthly cards, 5,000 areas, 50 streets")):
        md.append("| %s | %s | %s | %s | %s MB |" % (s, rules, subj,
                                                     fmt(V("data_%s_obs_rows" % s), digits=0),
                                                     fmt(mb(V("data_%s_bytes" % s)))))
    md.append("")
    md.append("Zhongshan observations are in the long layout: `observations.csv` takes one layout "
              "per file and the wide layout has no `rater` column, so the rater means "
              "(`party_eval`, `democratic`) force the long layout. City workers have 3-5 raters "
              "(the rules ask 40), so each gets a `raters` notice: %s notices in the city run.\n"
              % fmt(num(st["city"].get("notices")), digits=0))
    md.append("## Measurements\n")
    md.append("| | measurement | wall s | CPU s | peak RSS MB | MB | note |\n|---|---|---|---|---|---|---|")
    for sec, what, wall, cpu, rss, nb, note in rows:
        md.append("| %s | %s | %s | %s | %s | %s | %s |" % (sec, what, fmt(wall), fmt(cpu),
                                                         fmt(rss, digits=0), fmt(mb(nb)),
                                                         note.replace("|", "/")))
    md.append("")
    md.append("Ratios ours / peer (below 1: ours is faster, smaller, leaner):\n")
    md.append("| ratio | ours / peer |\n|---|---|")
    for what, r in ratios:
        md.append("| %s | %s |" % (what, r))
    md.append("")
    cmp_path = os.path.join(w, "xlsx_compare.txt")
    if os.path.exists(cmp_path):
        md.append("Same workbook? Sheets, dimensions, cells and formulas of ours and the "
                  "python3-xlsxwriter peer (`bench/xlsx_compare.py`):\n")
        md.append("```\n" + open(cmp_path, encoding="utf-8").read().rstrip() + "\n```\n")
    md.append("## Goals of the issue\n")
    md.append("| goal | status | measured |\n|---|---|---|")
    for g, status, detail in goals:
        md.append("| %s | **%s** | %s |" % (g, status, detail))
    md.append("")
    md.append(diagnosis(w, val, st, sizes, nat, n50, d1, d2, pk, pcount, kp_plan))
    md.append(pdf_diagnosis(w, ours_ms, ours_cpu_ms, rl_ms, rl_cpu_ms))
    md.append(xlsx_diagnosis(kx, px))
    with open(out_md, "w", encoding="utf-8") as f:
        f.write("\n".join(md).rstrip() + "\n")
    print("\nwrote %s" % out_md)
    return 0


def massif_peak(path):
    """The peak snapshot's allocation tree, two levels deep: [(depth, bytes, site)]."""
    if not os.path.exists(path):
        return None, []
    text = open(path, encoding="utf-8", errors="replace").read()
    for snap in text.split("snapshot=")[1:]:
        if "heap_tree=peak" not in snap:
            continue
        total = int(re.search(r"mem_heap_B=(\d+)", snap).group(1))
        out = []
        for line in snap.split("heap_tree=peak", 1)[1].splitlines()[1:]:
            m = re.match(r"( *)n\d+: (\d+) (.*)", line)
            if not m:
                continue
            depth = len(m.group(1))
            if 1 <= depth <= 3 and int(m.group(2)) >= total * 0.02:
                site = re.sub(r"^0x[0-9A-F]+: ", "", m.group(3))
                out.append((depth, int(m.group(2)), site))
        return total, out
    return None, []


def diagnosis(w, val, st, sizes, nat, n50, d1, d2, pk, pcount, kp_plan):
    s = []
    rec = num(sizes.get("kp_csv_record")) or 544
    obs = num(sizes.get("kp_obs")) or 64
    score = num(sizes.get("kp_score")) or 56
    nobs50 = num(st["nat50k"].get("obs")) or 3.4e6
    rows_nat = num(val.get("data_national_obs_rows")) or 6e6
    nobs_nat = nobs50 * 10
    s.append("## Where the national time and memory go\n")
    s.append("Measured on national/10 (%s observations after unpivoting %s wide rows):\n" % (
        fmt(nobs50, digits=0), fmt(rows_nat / 10, digits=0)))
    k = st["nat50k"]
    s.append("| stage | wall s | CPU s | peak RSS after, MB | RSS after, MB |\n|---|---|---|---|---|")
    for name, label in (("config", "run INI + rule set"), ("model", "kp_model_load: CSV, unpivot, "
                        "validate, sort, ranges"), ("score", "kp_score_run: 12 monthly tables + roll-up, ranks")):
        s.append("| %s | %s | %s | %s | %s |" % (label, k.get(name + "_s", "–"), k.get(name + "_cpu", "–"),
                                                k.get(name + "_hwm_mb", "–"), k.get(name + "_rss_mb", "–")))
    s.append("")
    perf = os.path.join(w, "perf_self.txt")
    if os.path.exists(perf):
        s.append("`perf` (self time, `kaoping check` on national/10; `slot` is `kp_map`'s "
                 "hash probe, called by `kp_model_group_of` from the ranking comparator; kernel "
                 "symbols are page faults and the unmapping of the huge record arrays):\n")
        s.append("```\n" + "".join(open(perf, encoding="utf-8").readlines()[:22]).rstrip() + "\n```\n")
    total, tree = massif_peak(os.path.join(w, "massif.out"))
    if total:
        s.append("`valgrind --tool=massif` on national/100 (5,000 workers): peak heap %s MB, "
                 "made of:\n" % fmt(total / 1e6))
        s.append("```")
        for depth, b, site in tree:
            s.append("%s%6.1f MB  %s" % ("  " * (depth - 1), b / 1e6, site[:110]))
        s.append("```\n")
    s.append("Sizes of the per-record structures (`kpbench sizes`): %s.\n" % ", ".join(
        "`%s` %s B" % (k2, v) for k2, v in sizes.items()))
    wide_b = rows_nat * rec
    long_b = nobs_nat * rec
    cap = 1
    while cap < nobs_nat:
        cap *= 2
    s.append("What the national set needs today (%s wide rows, %s observations):\n" % (
        fmt(rows_nat, digits=0), fmt(nobs_nat, digits=0)))
    s.append("| structure | per item | national |\n|---|---|---|")
    s.append("| wide rows as `kp_csv_record` (`src/ingest/kp_csv.h`: 64 field pointers each) | %d B | %s GB |"
             % (rec, fmt(wide_b / 1e9)))
    s.append("| unpivoted long rows, `kp_csv_unpivot`, array doubled by `push_record` (capacity %s) | %d B | %s GB used, %s GB allocated |"
             % (fmt(cap, digits=0), rec, fmt(long_b / 1e9), fmt(cap * rec / 1e9)))
    s.append("| arena copy of every field, 16 B minimum even when empty (`kp_arena_strndup`) | ~16-24 B x 25 fields a row | ~%s GB |"
             % fmt(rows_nat * 25 * 17 / 1e9))
    s.append("| `kp_obs` (`src/model/kp_model.h`) + qsort's temporary copy | %d B (x2 while sorting) | %s GB (%s GB while sorting) |"
             % (obs, fmt(nobs_nat * obs / 1e9), fmt(2 * nobs_nat * obs / 1e9)))
    s.append("| results: 13 tables x 500,000 x (`kp_score` %d B + %d indicator doubles + category subtotals + order) | ~%d B | ~%s GB |"
             % (score, 24, score + 24 * 8 + 9 * 8 + 4, fmt(13 * 5e5 * (score + 24 * 8 + 9 * 8 + 4) / 1e9)))
    s.append("")
    s.append("""So the national check cannot fit in 2 GB, nor in this machine's memory: the long
records alone need ~%s GB. Time goes to the same place: at national/10 most of the model
stage is page faults and `memmove` of the doubling record arrays, then `qsort` of the
observations (`cmp_obs`, glibc's merge sort with an n-sized temporary); in scoring, ranking
calls `kp_model_group_of` (a hash lookup of the unit id, then `strcmp` of the parent names)
twice per comparison, and `obs_in` scans a subject's 12 months of a slot linearly for each
month (`kp_period_equal`), so each monthly table re-walks the year.

### Suggested changes for the national goal (< 10 s, < 2 GB)

1. `src/ingest/kp_csv.h`, `kp_csv_record`: store fields as `uint32_t` offsets into the file
   buffer (or one arena `const char **` sized to the header's column count) instead of
   `fields[64]`; 544 B -> ~8 B + 4 B a field. Better still for observations.csv, stream:
   parse each row straight into `kp_obs` with no record array and no `kp_csv_unpivot` copy
   (a wide row yields its cells directly). Gain: the two record arrays (%s GB allocated
   at national scale) -> 0, and most of the model stage's time (page faults, memmove,
   arena copies).
2. `kp_csv_parse`: point fields into the slurped buffer (NUL-terminated in place, quotes
   unescaped in place) instead of `kp_arena_strndup` per field; empty fields share one "".
   Gain ~%s GB and a copy per byte.
3. `src/model/kp_model.h`, `kp_obs` (%d B): `int32 subject`, `int16 slot`, `uint16 period`
   (index into a per-run period table, replacing the 20-byte `kp_period`), `double value`,
   `uint32 line`, `uint32 extra` (index of rater/note in a side table, 0 = none) = 24 B.
   Gain: %s -> %s GB.
4. `kp_model_load`: replace `qsort(cmp_obs)` by a counting sort on (slot, subject): one pass
   counts per (slot, subject) into the `ranges` arrays that are built anyway, a second places
   each observation in file order (then sort each small (slot, subject) range by period,
   a no-op when the file comes month by month). O(n), no n-sized temporary. Gain: the sort's %s%% of model time and its %s GB temporary.
5. `src/rules/kp_score.c`: index `ranges` by (slot, subject, sub-period) once — e.g. a per
   subject month bitmap/offset so `obs_in` is O(1) — instead of a linear scan per table;
   `src/rules/kp_rank.c`: give `kp_subject` an `int group` (parent interned to an index at
   load) and sort on (group, -units, id index) with integer compares; same for the group
   scans in `kp_awards.c`. Gain: ~10%% of national/10 time, more at 500,000 (n log n).
6. `src/rules/kp_score.h`, `kp_table`: drop `subtotals` (computed from `values` when a
   renderer asks: `kp_table_subtotal`), shrink `kp_score` (56 -> 32 B: flags in a byte,
   `published` derived from `units`, `int16 grade`), and keep sub-period `values` only for the
   kind's indicators. Gain ~1.2 GB of the ~2 GB of results at national scale.
7. `kp_period_parse` is `sscanf`-based and runs per observation: cache the last period
   string (rows come grouped by period) — a few %% of model time.

With 1-4 the model holds ~%s GB (observations) plus the file buffer (%s MB, releasable after
parsing), with 6 the results ~0.7 GB: under 2 GB. Time: parsing %s MB at ~1 GB/s and an O(n)
placement are ~1-2 s; scoring 13 tables of 500,000 with O(1) lookups and integer sorts ~2-3 s.
""" % (fmt(long_b / 1e9), fmt((wide_b + cap * rec) / 1e9), fmt(rows_nat * 25 * 17 / 1e9),
       obs, fmt(nobs_nat * obs / 1e9), fmt(nobs_nat * 24 / 1e9), "~10-15", fmt(nobs_nat * obs / 1e9),
       fmt(nobs_nat * 24 / 1e9), fmt(num(val.get("data_national_bytes"), 0) / 1e6, digits=0),
       fmt(num(val.get("data_national_bytes"), 0) / 1e6, digits=0)))
    per_cpu = ratio(pk.cpu, pcount)
    # The parts of one packet, raw (what libharu builds, memsets and deflates) and in the file.
    pdir = os.path.join(w, "out", "%s-packet" % val.get("packets_set", "district"))
    sample = None
    if os.path.isdir(pdir):
        for name in sorted(os.listdir(pdir)):
            if name.startswith("packet-worker-") and name.endswith(".pdf"):
                sample = os.path.join(pdir, name)
                break
    parts = ""
    if sample:
        objs = pdf_objects(sample)
        g = {}
        for size, raw, what in objs:
            b, r, n = g.get(what, (0, 0, 0))
            g[what] = (b + size, r + (len(raw) if raw is not None else 0), n + 1)
        items = []
        for what, (b, r, n) in sorted(g.items(), key=lambda x: -x[1][1]):
            if r:
                item = "%s x%d: %s B raw, %s B in the file" % (what, n, fmt(r, digits=0),
                                                             fmt(b, digits=0))
                items.append("**%s**" % item if what == "CIDToGIDMap" else item)
        parts = "; ".join(items)
    d1_s, d2_s = num(d1.get("s")) if d1 else None, num(d2.get("s")) if d2 else None
    plan_s = num(kp_plan.get("plan_s")) if kp_plan else None
    s.append("""### Packets (50,000 in < 2 min on 2 cores)

`kp_render_all` (`src/render/kp_render.c`) renders the documents one after another on one
thread: %s ms CPU a packet here, so 50,000 packets need %s s of CPU; the goal allows <= %s ms
of CPU a packet with both cores busy. What one packet (`%s`) is made of: %s. Each packet embeds
three faces (body UMing, kai UKai, heading WenQuanYi Zen Hei), and for each libharu builds a
full 65,536-entry CIDToGIDMap (the glyphs are reached through PUA codes from U+E000), which is
memset, filled and deflated per document: more raw bytes than the fonts and the content
together. Profile of packet rendering (`perf`, DWARF call graphs, district packets, taken
while writing this bench): ~40%% zlib `deflate` (every stream at libharu's default level),
~35%% libharu (`HPDF_MemCpy`/`HPDF_MemSet` of its memory streams, `HPDF_TTFontDef_GetGlyphid`
and `GetGidWidth` linear lookups, `HPDF_TTFontDef_SaveFontData`), HarfBuzz subsetting ~6%%,
our composition ~5%%.

1. `kp_render_all`: render the planned jobs on a pool of `nproc` threads. Each job already
   has its own `kp_doc` and writes only its own path; `kpbench docs RUN 2` does exactly this:
   output byte-identical to one thread (%s), %s s -> %s s on district packets while other
   jobs shared the machine (%sx; ~1.9x expected on 2 idle cores).
2. `src/pdf/kp_pdf_font.c`, `kp_pdf_pdfa.c`, `kp_pdf_draw.c`: show text as 2-byte subset
   glyph ids (Identity-H, CID = GID, `/CIDToGIDMap /Identity`, a CIDSet of n bits) instead of
   PUA code points from U+E000 used as CIDs. libharu's UTF-8 encoder cannot do that, so the
   CIDFont dictionaries and the Tj strings are written by us (the ToUnicode CMap and the
   CIDSet already are). Removes ~390 KB of raw streams per packet. Estimated 15-20%% of a
   packet's CPU.
3. Deflate the font programs ourselves at level 1-2 (libharu hard-codes
   Z_DEFAULT_COMPRESSION) and hand libharu the subset from memory instead of a memfd path
   (`HPDF_LoadTTFontFromFile` re-reads and copies it). Estimated 15-25%%.
4. `kp_render_plan`: the duplicate-name check compares each new job with every earlier one,
   O(n^2): %s s of planning for the city's 54,600 jobs. Use a `kp_map` of names: -> ~0 s.

1 alone gives ~%s s for 50,000 packets; with 2-4 (~%s ms CPU a packet) ~%s s on 2 idle
cores: close, not yet under 120 s. The rest has to come from libharu's memory-stream copies
(writing the few object kinds kaoping uses directly) or from reusing font subsets between
packets of one kind (their labels are shared; names and digits differ).
""" % (fmt(1000 * per_cpu if per_cpu else None), fmt(per_cpu * GOAL_PACKETS if per_cpu else None),
       fmt(1000.0 * GOAL_PACKETS_S * CORES / GOAL_PACKETS),
       os.path.basename(sample) if sample else "–", parts or "–",
       val.get("docs_threads_identical", "not measured"), fmt(d1_s), fmt(d2_s), fmt(ratio(d1_s, d2_s)),
       fmt(plan_s), fmt(per_cpu * GOAL_PACKETS / 1.9 if per_cpu else None),
       fmt(1000 * per_cpu * 0.6 if per_cpu else None),
       fmt(per_cpu * 0.6 * GOAL_PACKETS / 1.9 if per_cpu else None)))
    return "\n".join(s)


def pdf_objects(path):
    """(bytes in file, raw stream bytes or None, what) of each object, largest first."""
    import zlib
    if not os.path.exists(path):
        return []
    data = open(path, "rb").read()
    starts = [(m.start(), m.group(1)) for m in re.finditer(rb"(?m)^(\d+) 0 obj", data)]
    out = []
    for i, (st, _) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else data.find(b"xref", st)
        body = data[st:end]
        raw = None
        if b"stream" in body:
            a = body.index(b"stream") + 6
            while body[a:a + 1] in (b"\r", b"\n"):
                a += 1
            e = body.rindex(b"endstream")
            try:
                if b"/ASCII85Decode" in body[:300]:
                    import base64
                    enc = body[a:e].strip()
                    enc = enc[:-2] if enc.endswith(b"~>") else enc
                    raw = zlib.decompress(base64.a85decode(enc))
                else:
                    raw = zlib.decompress(body[a:e])
            except (zlib.error, ValueError):
                raw = body[a:e] if b"Metadata" in body[:300] else None
        head = body[:400]
        what = ("font program (subset)" if b"/Length1" in head else
                "XMP metadata" if b"/Metadata" in head else
                "ICC profile (sRGB output intent)" if b"/N 3" in head else
                "CIDSet" if raw is not None and len(raw) < 16384 and raw.count(0) > 0.9 * len(raw) else
                "CIDToGIDMap" if raw is not None and len(raw) == 131070 else
                "ToUnicode CMap" if raw is not None and raw.startswith(b"/CIDInit") else
                "page content" if raw is not None and (b" Tj" in raw or b" re" in raw) else
                "font widths / dictionaries" if b"/Font" in head or b"/W " in head else
                "other stream" if raw is not None else "other objects")
        out.append((end - st, raw, what))
    return out


def pdf_diagnosis(w, ours_ms, ours_cpu_ms, rl_ms, rl_cpu_ms):
    import time
    import zlib
    ours = pdf_objects(os.path.join(w, "out", "page-table", "table-area.pdf"))
    rl = pdf_objects(os.path.join(w, "out", "reportlab-page.pdf"))
    if not ours:
        return ""
    s = ["### One-page ranking table (>= 5x faster, <= 1/2 the bytes of ReportLab)\n"]

    def groups(objs):
        g = {}
        for size, raw, what in objs:
            b, r = g.get(what, (0, 0))
            g[what] = (b + size, r + (len(raw) if raw is not None else 0))
        return sorted(g.items(), key=lambda x: -x[1][0])

    s.append("Where the bytes are (objects grouped by role; raw = before Flate; deflate "
             "time measured here with the same zlib, per document):\n")
    s.append("| file | part | bytes | raw bytes | deflate ms, level 6 | level 1 (bytes) |")
    s.append("|---|---|---|---|---|---|")
    for name, objs in (("ours", ours), ("ReportLab", rl)):
        total = sum(o[0] for o in objs)
        for what, (b, r) in groups(objs):
            t6 = t1 = c1 = None
            raws = [o[1] for o in objs if o[2] == what and o[1] is not None]
            if raws and name == "ours" and what != "XMP metadata":
                blob = b"".join(raws)
                t = time.perf_counter()
                for _ in range(20):
                    zlib.compress(blob, 6)
                t6 = (time.perf_counter() - t) / 20 * 1000
                t = time.perf_counter()
                for _ in range(20):
                    c1 = len(zlib.compress(blob, 1))
                t1 = (time.perf_counter() - t) / 20 * 1000
            s.append("| %s | %s | %s | %s | %s | %s |" % (
                name, what, fmt(b, digits=0), fmt(r, digits=0) if r else "",
                fmt(t6) if t6 else "", "%s (%s)" % (fmt(t1), fmt(c1, digits=0)) if t1 else ""))
        s.append("| %s | **total** | %s | | | |" % (name, fmt(total, digits=0)))
    font = sum(o[0] for o in ours if o[2].startswith("font program"))
    glyphs = sum(len(re.findall(rb"<[0-9A-F]{4}> <", o[1])) for o in ours
                 if o[2] == "ToUnicode CMap")
    total = sum(o[0] for o in ours)
    rl_total = sum(o[0] for o in rl)
    s.append("""
Bytes: both files embed a subset of AR PL UMing for the same text (ours: %s glyphs); ours is
the smaller font program (no hinting, no layout tables) at %s B, %s%% of our file. Half of ReportLab's file is
%s B, less than our font program alone, so the byte goal cannot be met with the same font
and text: what is left to take out is PDF/A overhead and content (a smaller sRGB profile,
e.g. a ~0.5 KB v2 "micro" profile instead of icc-profiles-free's; one BT..ET text object per
page with relative moves; all grid lines in one path stroked once; libharu's 128 KB
CIDToGIDMap replaced by /Identity when CIDs equal the subset's glyph ids), about 4-5 KB, to
~%s%% of ReportLab's size. Either the goal is restated (e.g. <= 1/2 of ReportLab's bytes per
glyph, or against a PDF/A peer) or it stays out of reach.

Time: ours %s ms wall (%s ms CPU) per document against ReportLab's %s ms (%s ms CPU): %sx.
A profile of 200 documents (`perf`, DWARF call graphs) puts ~39%% in zlib (font program,
content, libharu's 131,070-byte CIDToGIDMap: all at level 6), ~31%% in libharu (memory-stream
copies `HPDF_MemCpy`/`HPDF_MemSet`, the CIDToGIDMap, `HPDF_TTFontDef_GetGlyphid` linear cmap
lookups, `HPDF_TTFontDef_SaveFontData`), ~14%% in the kernel (memfd for the subset, open,
write, rename), ~8%% HarfBuzz, ~5%% our composition. Changes, in `src/pdf/`:
1. `kp_pdf_font.c`/`kp_pdf_pdfa.c`/`kp_pdf_draw.c`: show text as subset glyph ids
   (Identity-H, CID = GID, `/CIDToGIDMap /Identity`) instead of PUA code points used as CIDs,
   writing the CIDFont dictionaries and Tj strings ourselves (libharu's UTF-8 encoder cannot):
   removes the 128 KB map (its memset and deflate) and ~7 KB of CIDSet bits. ~13%%.
2. Compress the font program ourselves at zlib level 1-2 and give libharu the compressed
   stream (libharu hard-codes Z_DEFAULT_COMPRESSION): ~10%% for +2 KB.
3. Hand the subset to libharu from memory: libharu 2.3.0 only loads a TrueType file by
   path, hence the memfd and /proc/self/fd round trip (kernel time): patching or bypassing
   `HPDF_LoadTTFontFromFile` for the subset (we already write ToUnicode and CIDSet ourselves)
   saves the re-parse and copies. ~15%%.
Together (~40%%, estimated from the profile) these take ours to ~%s ms CPU, ~%sx ReportLab;
what remains beyond is libharu's memory-stream copying (a direct writer for the few object
kinds kaoping uses).
Per process (`kaoping run` once per bulletin, which is how an office uses it) ours is
already far ahead of ReportLab, whose interpreter start and font registration dominate.
""" % (fmt(glyphs, digits=0), fmt(font, digits=0), fmt(100.0 * font / total, digits=0),
       fmt(rl_total / 2, digits=0), fmt(100.0 * (total - 4500) / rl_total, digits=0),
       fmt(ours_ms), fmt(ours_cpu_ms), fmt(rl_ms), fmt(rl_cpu_ms), fmt(ratio(rl_ms, ours_ms)),
       fmt(ours_cpu_ms * 0.6 if ours_cpu_ms else None),
       fmt(ratio(rl_cpu_ms, ours_cpu_ms * 0.6) if ours_cpu_ms else None)))
    return "\n".join(s)


def xlsx_diagnosis(kx, px):
    return """### XLSX (met; notes)

- `src/render/kp_xlsx.c` opens the workbook with `workbook_new()`, not `workbook_new_opt()`
  with `constant_memory`: every cell of every sheet is kept in libxlsxwriter's row/cell trees
  and strings go to the shared-string table until `workbook_close()`. The workbook's own
  peak was %s MB above the %s MB already held (the peer, in constant_memory, peaks at
  ~160 MB for the whole process). Switching needs the sheets written strictly row by row:
  `awards_sheet` writes row 0's second header block (K1:N1) after the list rows, and
  `worksheet_set_row(ws, 0, ...)` comes after row 0 is written in the ranking, indicator and
  packet sheets; both would be lost in constant_memory mode.
- At city scale `indicator_sheet` (one column per subject) runs past Excel's 16,384 columns
  (XFD): the `指标表 社区工作者` sheet holds 16,377 of 50,000 workers and libxlsxwriter's
  out-of-range errors are ignored (no warning). The peer cuts it the same way to write the
  same workbook. A sheet per 16,000 subjects, or rows instead of columns above a threshold,
  would keep every worker.
- The bar chart of a 50,000-row ranking carries all 50,000 points in its cache (4 MB of
  `chart2.xml`) and is 3,333 times the default height; the same for the peer.
""" % (fmt((num(kx.get("hwm_mb")) or 0) - (num(kx.get("rss_before_mb")) or 0), digits=0),
       kx.get("rss_before_mb", "–"))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
