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
    add("scoring", "kaoping check raters: one worker, 1,000,000 raters", R("check_raters"),
        nbytes=V("data_raters_bytes"), note="duplicate-rater check, hashed (was quadratic)")
    nat = R("check_national")
    nat_err = val.get("check_national_error", "")
    add("scoring", "kaoping check national: 500,000 workers x 12 cards", nat,
        nbytes=V("data_national_bytes"),
        note=("%s obs rows; capped at %s MB address space; %s" % (
            fmt(V("data_national_obs_rows"), digits=0),
            os.environ.get("BENCH_NATIONAL_CAP_MB", "4096"), nat_err or "ok")))
    add("scoring", "kaoping run --stage score district", R("score_district"))
    add("scoring", "kaoping run --stage score city", R("score_city"))
    if R("score_national").wall:
        add("scoring", "kaoping run --stage score national", R("score_national"),
            nbytes=(V("score_national_csv_bytes") or 0) + (V("score_national_snapshot_bytes") or 0),
            note="writes results.csv %s MB and scores.snapshot %s MB" % (
                fmt(mb(V("score_national_csv_bytes")), digits=0),
                fmt(mb(V("score_national_snapshot_bytes")), digits=0)))
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
        rss=num(kpb.get("hwm_mb")), nbytes=ours_b,
        note="per document, fastest of 5 rounds (all rounds: %s ms); PDF/A-1b, %s page(s)" % (
            kpb.get("mean_ms_per_doc", "–"), fmt(ours_pages, digits=0)))
    add("pdf 1 page", "ours: kaoping run (csv, xlsx, pdf, manifest) per process",
        wall=loop.wall / reps_cli if loop.wall else None,
        cpu=loop.cpu / reps_cli if loop.cpu else None, rss=R("run_table_page").rss,
        nbytes=ours_b, note="mean of %s runs" % fmt(reps_cli, digits=0))
    add("pdf 1 page", "ReportLab: the same table x %s in one process" % fmt(reps, digits=0),
        wall=rl_ms / 1000 if rl_ms else None, cpu=rl_cpu_ms / 1000 if rl_cpu_ms else None,
        rss=R("rl_repeat").rss, nbytes=rl_b,
        note="per document, fastest of 5 rounds (all rounds: %s ms); %s page(s)" % (
            rl.get("mean_ms_per_doc", "–"), fmt(rl_pages, digits=0)))
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

    # ---- OFD beside PDF
    ko = K("kpb_ofd_page")
    o_comp, o_pdf, o_twin = (num(ko.get(k)) for k in ("compose_ms", "pdf_ms", "twin_ms"))
    o_cpu = [num(ko.get(k)) for k in ("compose_cpu_ms", "pdf_cpu_ms", "twin_cpu_ms")]
    # An OFD alone: the pages laid out, then written as OFD (what the twin adds to the PDF).
    ofd_ms = o_comp + o_twin - o_pdf if None not in (o_comp, o_pdf, o_twin) else None
    ofd_cpu = o_cpu[0] + o_cpu[2] - o_cpu[1] if None not in o_cpu else None
    page_ratio = ratio(ofd_ms, o_pdf)
    if ko:
        pages1 = num(ko.get("pages")) or 1
        add("ofd", "one-page table as PDF (kpbench ofd: laid out and written)",
            wall=o_pdf / 1000 if o_pdf else None, cpu=o_cpu[1] / 1000 if o_cpu[1] else None,
            nbytes=num(ko.get("pdf_bytes")),
            note="per document, fastest of 5 rounds; %s KB per page; laying out alone %s ms" % (
                fmt(ratio(num(ko.get("pdf_bytes")), pages1 * 1000)), ko.get("compose_ms", "–")))
        add("ofd", "the same pages as OFD (laid out, then written as OFD)",
            wall=ofd_ms / 1000 if ofd_ms else None, cpu=ofd_cpu / 1000 if ofd_cpu else None,
            nbytes=num(ko.get("ofd_bytes")),
            note="PDF + OFD from one layout %s ms, less the PDF %s ms, plus the layout; %s KB "
                 "per page; OFD / PDF time %sx" % (ko.get("twin_ms", "–"), ko.get("pdf_ms", "–"),
                                                   fmt(ratio(num(ko.get("ofd_bytes")), pages1 * 1000)),
                                                   fmt(page_ratio)))
    op, ot = R("ofd_packets_pdf"), R("ofd_packets_twin")
    opages = V("ofd_packets_pages")
    # What the PDFs themselves cost: the run less the same run without documents (scoring,
    # CSVs, workbook and manifest are in both); what the OFDs cost: the twin run less the PDF run.
    nd = R("run_none_district")
    pdf_own = (op.wall - (nd.wall or 0)) if op.wall else None
    pdf_own_cpu = (op.cpu - (nd.cpu or 0)) if op.cpu else None
    pk_ratio = ratio((ot.wall or 0) - (op.wall or 0), pdf_own) if ot.wall and op.wall else None
    pk_ratio_cpu = ratio((ot.cpu or 0) - (op.cpu or 0), pdf_own_cpu) if ot.cpu and op.cpu else None
    if op.wall:
        add("ofd", "district packets as PDF (kaoping run -j %s)" % val.get("packets_jobs", "?"), op,
            nbytes=V("ofd_packets_pdf_bytes"),
            note="%s packets, %s pages; %s ms and %s KB per page" % (
                fmt(V("ofd_packets_count"), digits=0), fmt(opages, digits=0),
                fmt(ratio(op.wall * 1000, opages)), fmt(ratio(V("ofd_packets_pdf_bytes"),
                                                              (opages or 0) * 1000))))
        add("ofd", "district packets as PDF and OFD (formats = pdf, ofd)", ot,
            nbytes=V("ofd_packets_ofd_bytes"),
            note="the OFDs add %s s wall, %s s CPU: %sx what the PDFs take (the PDF run less "
                 "the district's run without documents, %s s; CPU %sx); OFD %s KB per page" % (
                fmt((ot.wall or 0) - op.wall), fmt((ot.cpu or 0) - (op.cpu or 0)), fmt(pk_ratio),
                fmt(nd.wall), fmt(pk_ratio_cpu),
                fmt(ratio(V("ofd_packets_ofd_bytes"), (opages or 0) * 1000))))

    # ---- goals
    goals = []
    # 1. one page vs ReportLab (in-process, wall; CPU shown too)
    sp_wall = ratio(rl_ms, ours_ms)
    sp_cpu = ratio(rl_cpu_ms, ours_cpu_ms)
    by = ratio(ratio(ours_b, ours_pages), ratio(rl_b, rl_pages))
    sp_proc = ratio(ratio(rl_loop.wall, rl_procs), ratio(loop.wall, reps_cli))
    fast = sp_wall is not None and sp_wall >= GOAL_PDF_SPEED
    small = by is not None and by <= GOAL_PDF_BYTES
    goals.append(("One-page ranking >= 5x faster than ReportLab and <= 1/2 its bytes",
                  "met" if fast and small else "%s; bytes %s" % (
                      "speed met" if fast else "speed not met", "met" if small else "not met"),
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
    if nat.ok:
        detail = ("national (`kaoping check`, %s observation rows): %s s wall, %s s CPU, %s MB peak "
                  "RSS; national/10: %s s, %s MB" % (
                      fmt(V("data_national_obs_rows"), digits=0), fmt(nat.wall), fmt(nat.cpu),
                      fmt(nat.rss, digits=0), fmt(n50.wall), fmt(n50.rss, digits=0)))
    else:
        detail = ("national: failed (%s) after %s s at %s MB peak RSS; national/10 takes %s s and "
                  "%s MB, so the full set needs at least %s s and %s GB" % (
                      nat_err or "exit %s" % nat.rc, fmt(nat.wall), fmt(nat.rss, digits=0),
                      fmt(n50.wall), fmt(n50.rss, digits=0), fmt(proj_t, digits=0),
                      fmt(proj_m / 1024 if proj_m else None)))
    goals.append(("Scoring 500,000 workers x 12 months in < 10 s, peak < 2 GB",
                  "met" if met3 else "not met", detail))
    # 4. xlsx
    ours_x = num(kx.get("s")) or cli_delta
    peer_x = num(px.get("write_s"))
    sx = ratio(peer_x, ours_x)
    sx_cpu = ratio(num(px.get("write_cpu_s")), num(kx.get("cpu_s")) or cli_delta_cpu)
    goals.append(("XLSX >= 3x faster than python3-xlsxwriter on the same 50,000-row workbook",
                  "met" if sx and sx >= GOAL_XLSX_SPEED else "not met",
                  "writing: ours %s s vs python3-xlsxwriter %s s = %sx (CPU %sx); bytes %s vs "
                  "%s MB; peak RSS of the run %s vs %s MB (the workbook itself adds %s MB to ours)" % (
                      fmt(ours_x), fmt(peer_x), fmt(sx), fmt(sx_cpu), fmt(mb(V("xlsx_city_bytes"))),
                      fmt(mb(V("peer_xlsx_city_bytes"))), fmt(none_c.rss, digits=0),
                      fmt(pr.rss, digits=0),
                      fmt((num(kx.get("hwm_mb")) or 0) - (num(kx.get("rss_before_mb")) or 0),
                          digits=0))))

    # 5. OFD beside PDF
    if page_ratio or pk_ratio:
        worst = max(r for r in (page_ratio, pk_ratio) if r)
        goals.append(("An OFD costs no more than 1.5x its PDF in time",
                      "met" if worst <= 1.5 else "not met",
                      "one-page table: OFD %s ms vs PDF %s ms = %sx; district packets: the OFDs add "
                      "%sx the PDFs' own time (CPU %sx)" % (fmt(ofd_ms), fmt(o_pdf), fmt(page_ratio),
                                                           fmt(pk_ratio), fmt(pk_ratio_cpu))))

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
    md.append(diagnosis(w, val, st, sizes, nat, n50, R, V))
    md.append(packets_diagnosis(w, val, pk, pcount, d1, d2, kp_plan))
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


def profile_lines(path, n):
    """The first n lines of a perf report, or None."""
    if not os.path.exists(path):
        return None
    lines = [l.rstrip() for l in open(path, encoding="utf-8", errors="replace") if l.strip()]
    return "\n".join(lines[:n]) if lines else None


def diagnosis(w, val, st, sizes, nat, n50, R, V):
    s = []
    obs = num(sizes.get("kp_obs")) or 16
    score = num(sizes.get("kp_score")) or 32
    nobs50 = num(st["nat50k"].get("obs")) or 3.4e6
    rows_nat = num(val.get("data_national_obs_rows")) or 6e6
    nobs_nat = nobs50 * 10
    s.append("## Where the national time and memory go\n")
    s.append("Measured on national/10 (%s observations from %s wide rows), in process "
             "(`kpbench stages`):\n" % (fmt(nobs50, digits=0), fmt(rows_nat / 10, digits=0)))
    k = st["nat50k"]
    s.append("| stage | wall s | CPU s | peak RSS after, MB | RSS after, MB |\n|---|---|---|---|---|")
    for name, label in (("config", "run INI + rule set"),
                        ("model", "kp_model_load: read, validate, place the observations"),
                        ("score", "kp_score_run: 12 monthly tables + roll-up, ranks")):
        s.append("| %s | %s | %s | %s | %s |" % (label, k.get(name + "_s", "–"), k.get(name + "_cpu", "–"),
                                                k.get(name + "_hwm_mb", "–"), k.get(name + "_rss_mb", "–")))
    s.append("")
    s.append("How the full national set fits: `observations.csv` is read record by record straight "
             "from the file buffer (one in-place row reader, no array of records, no copy of the "
             "wide rows as long ones); each cell becomes a `kp_obs` of %d B (subject, indicator "
             "slot, index of its period, value; raters and notes in side tables), placed by a "
             "counting sort on (slot, subject) with no temporary array: %s observations take "
             "%s GB. A subject's periods are indexed once, so each monthly table finds its month "
             "directly. A table row is a `kp_score` of %d B; only indicator scores that are not "
             "+0 are kept (a bit per indicator says which), and category subtotals are summed "
             "when a renderer asks. Ranking compares integers (published units, a group index). "
             "National check: %s s, %s MB peak RSS (%s).\n" % (
                 obs, fmt(nobs_nat, digits=0), fmt(nobs_nat * obs / 1e9), score,
                 fmt(nat.wall), fmt(nat.rss, digits=0), "ok" if nat.ok else "exit %s" % nat.rc))
    sn = R("score_national")
    if sn.wall:
        s.append("`kaoping run --stage score` on the national set (what a scale-out run does first) "
                 "took %s s wall (%s s CPU) at %s MB: beyond the check it writes `results.csv` "
                 "(%s MB of text, a row per subject and period) and `scores.snapshot` (%s MB, every "
                 "number as an exact hexadecimal float) and hashes each output once for the "
                 "manifest. Those are the files an archive keeps; their size, not the scoring, "
                 "sets that time.\n" % (
                     fmt(sn.wall), fmt(sn.cpu), fmt(sn.rss, digits=0),
                     fmt(mb(V("score_national_csv_bytes")), digits=0),
                     fmt(mb(V("score_national_snapshot_bytes")), digits=0)))
    perf = profile_lines(os.path.join(w, "perf_self.txt"), 16)
    if perf:
        s.append("`perf` (self time, `kaoping check` on national/10):\n")
        s.append("```\n" + perf + "\n```\n")
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
    return "\n".join(s)


def object_groups(objs):
    g = {}
    for size, raw, what in objs:
        b, r, n = g.get(what, (0, 0, 0))
        g[what] = (b + size, r + (len(raw) if raw is not None else 0), n + 1)
    return sorted(g.items(), key=lambda x: -x[1][0])


def packets_diagnosis(w, val, pk, pcount, d1, d2, kp_plan):
    per_cpu = ratio(pk.cpu, pcount)
    per_wall = ratio(pk.wall, pcount)
    pdir = os.path.join(w, "out", "%s-packet" % val.get("packets_set", "district"))
    sample = None
    if os.path.isdir(pdir):
        for name in sorted(os.listdir(pdir)):
            if name.startswith("packet-worker-") and name.endswith(".pdf"):
                sample = os.path.join(pdir, name)
                break
    s = ["### Packets (50,000 in < 2 min on 2 cores)\n"]
    s.append("`kaoping run -j N` (`kp_render_all`, `src/render/kp_render.c`) plans every document, "
             "then renders them on a pool of N threads (default: the cores the process may use). "
             "The font faces are parsed once per run and shared read-only; each document builds "
             "its own subset of the glyphs it uses (HarfBuzz `hb-subset`), shows text by the "
             "subset's glyph ids (`/CIDToGIDMap /Identity`), writes its font dictionaries, widths, "
             "ToUnicode map and CIDSet itself and deflates its streams with libdeflate. Output is "
             "the same bytes on any N. Here: %s ms wall and %s ms CPU a packet with -j %s, "
             "i.e. 50,000 packets in %s s.\n" % (
                 fmt(1000 * per_wall if per_wall else None), fmt(1000 * per_cpu if per_cpu else None),
                 val.get("packets_jobs", "?"), fmt(per_wall * GOAL_PACKETS if per_wall else None)))
    if sample:
        s.append("What one packet (`%s`) is made of:\n" % os.path.basename(sample))
        s.append("| part | objects | bytes in the file | raw bytes |\n|---|---|---|---|")
        for what, (b, r, n) in object_groups(pdf_objects(sample)):
            s.append("| %s | %d | %s | %s |" % (what, n, fmt(b, digits=0), fmt(r, digits=0) if r else ""))
        s.append("")
    d1_s, d2_s = num(d1.get("s")) if d1 else None, num(d2.get("s")) if d2 else None
    if d1_s and d2_s:
        s.append("Threads: the district's packets in one process (`kpbench docs`) take %s s on one "
                 "thread and %s s on two (%sx), byte-identical: %s.\n" % (
                     fmt(d1_s), fmt(d2_s), fmt(ratio(d1_s, d2_s)),
                     val.get("docs_threads_identical", "not measured")))
    if kp_plan:
        s.append("Planning the city's %s packets (`kpbench plan`: layouts, fonts, names checked "
                 "through a hash map) takes %s s.\n" % (kp_plan.get("docs", "?"), kp_plan.get("plan_s", "–")))
    prof = profile_lines(os.path.join(w, "perf_docs_dso.txt"), 12)
    if prof:
        s.append("`perf` on the district's packets, one thread, by library (self time):\n")
        s.append("```\n" + prof + "\n```\n")
    return "\n".join(s)


def pdf_objects(path):
    """(bytes in file, raw stream bytes or None, what) of each object, in file order."""
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
                "ToUnicode CMap" if raw is not None and raw.startswith(b"/CIDInit") else
                "CIDSet" if raw is not None and len(raw) < 16384 and b" Tj" not in raw
                and b" TJ" not in raw and b" re" not in raw else
                "page content" if raw is not None else
                "font widths / dictionaries" if b"/Font" in head or b"/W " in head or b"/W[" in head else
                "other objects")
        out.append((end - st, raw, what))
    return out


def pdf_diagnosis(w, ours_ms, ours_cpu_ms, rl_ms, rl_cpu_ms):
    ours = pdf_objects(os.path.join(w, "out", "page-table", "table-area.pdf"))
    rl = pdf_objects(os.path.join(w, "out", "reportlab-page.pdf"))
    if not ours:
        return ""
    s = ["### One-page ranking table (>= 5x faster, <= 1/2 the bytes of ReportLab)\n"]
    s.append("Where the bytes are (objects grouped by role; raw = before Flate):\n")
    s.append("| file | part | objects | bytes | raw bytes |\n|---|---|---|---|---|")
    for name, objs in (("ours", ours), ("ReportLab", rl)):
        for what, (b, r, n) in object_groups(objs):
            s.append("| %s | %s | %d | %s | %s |" % (name, what, n, fmt(b, digits=0),
                                                   fmt(r, digits=0) if r else ""))
        s.append("| %s | **total** | | %s | |" % (name, fmt(sum(o[0] for o in objs), digits=0)))
    font = sum(o[0] for o in ours if o[2].startswith("font program"))
    rl_font = sum(o[0] for o in rl if o[2].startswith("font program"))
    glyphs = sum(len(re.findall(rb"<[0-9A-Fa-f]{4}> *<", o[1])) for o in ours
                 if o[2] == "ToUnicode CMap" and o[1])
    total = sum(o[0] for o in ours)
    rl_total = sum(o[0] for o in rl)
    s.append("""
Bytes: both files embed a subset of AR PL UMing for the same text (ours: %s glyphs mapped in
the ToUnicode CMap). Our font program is %s B against ReportLab's %s B, and it is %s%% of our
file. Half of ReportLab's file is %s B, %s. The rest of ours is
mostly what PDF/A-1b asks for and ReportLab does not write (the sRGB output intent, XMP
metadata, CIDSet) plus the content stream. Our file is %s of ReportLab's.
""" % (fmt(glyphs, digits=0), fmt(font, digits=0), fmt(rl_font, digits=0),
       fmt(100.0 * font / total, digits=0), fmt(rl_total / 2, digits=0),
       "less than our font program alone: with the same font and text the byte goal is out "
       "of reach whatever the rest of the file holds" if font > rl_total / 2 else
       "more than our font program alone, so the rest of the file decides the byte goal",
       fmt(ratio(total, rl_total))))
    s.append("Time: ours %s ms wall (%s ms CPU) per document against ReportLab's %s ms (%s ms "
             "CPU): %sx on wall time, %sx on CPU.\n" % (
                 fmt(ours_ms), fmt(ours_cpu_ms), fmt(rl_ms), fmt(rl_cpu_ms),
                 fmt(ratio(rl_ms, ours_ms)), fmt(ratio(rl_cpu_ms, ours_cpu_ms))))
    prof = profile_lines(os.path.join(w, "perf_pdf_dso.txt"), 12)
    if prof:
        s.append("`perf` on the one-page documents rendered in one process (`kpbench pdf`), by "
                 "library (self time; `kpbench` is kaoping's own code, linked in):\n")
        s.append("```\n" + prof + "\n```\n")
    return "\n".join(s)


def xlsx_diagnosis(kx, px):
    return """### XLSX (notes)

- `src/render/kp_xlsx.c` writes every sheet strictly row by row, and when the largest kind has
  more than 10,000 subjects opens the workbook in libxlsxwriter's `constant_memory` mode (rows
  go to a temporary file in the staging folder as they are finished; strings inline): the
  workbook added %s MB to the %s MB already held by the model and results. The peer runs in
  `constant_memory` too.
- A sheet with a column per subject (`指标表 <kind>`) continues on `指标表 <kind> 续2`, ... past
  Excel's 16,384 columns, and the notices on `预警通报 续2`, ... past its 1,048,576 rows, so no
  worker is lost; the peer splits the same way, which `bench/xlsx_compare.py` checks. Every
  libxlsxwriter return code is checked: a refused write fails the run.
- Rankings of more than 200 rows get no bar chart beside them (a 50,000-row one would be
  3,333 times the default chart height); the peer draws the same charts.
""" % (fmt((num(kx.get("hwm_mb")) or 0) - (num(kx.get("rss_before_mb")) or 0), digits=0),
       kx.get("rss_before_mb", "–"))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
