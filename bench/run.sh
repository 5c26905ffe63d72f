#!/usr/bin/env bash
# bench/run.sh - kaoping side by side with ReportLab, python3-xlsxwriter and LibreOffice at
# district, city and national scale; prints a table and writes bench/RESULTS.md.
#
#   bench/run.sh [BUILD]            (make bench: mk/bench.mk builds BUILD/kaoping first)
#
# Environment:
#   BENCH_REPS=200          repetitions of the one-page ranking document
#   BENCH_NATIONAL_CAP_MB=4096   address-space cap for `kaoping check` on the national set
#                           (the machine must survive a program that does not fit)
#   BENCH_NATIONAL_TIMEOUT=240   seconds before the national check is stopped
#   BENCH_PACKETS=city      where packets are measured, on every core: city (54,600: the
#                           goal measured directly) or district (3,300)
#   BENCH_SOFFICE_CITY=0    1: LibreOffice also converts the city workbook (timeout 600 s)
#   BENCH_PROFILE=1         perf and massif on reduced national sets, perf on the PDF writer (0: skip)
#   BENCH_DATA_ONLY=1       only generate the data sets
#
# Data sets (bench/gen.py) live in BUILD/bench/data; the national one (500,000 workers x 12
# cards) is generated once and kept while bench/gen.py is unchanged. Every measured command's
# stdout/stderr is in BUILD/bench/logs. Nothing outside BUILD/bench and bench/RESULTS.md is
# written.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
PY=/usr/bin/python3
KP="$ROOT/$BUILD/kaoping"
KPB="$ROOT/$BUILD/bench/kpbench"
W="$ROOT/$BUILD/bench"
D="$W/data"
LOG="$W/logs"
TSV="$W/results.tsv"
REPS=${BENCH_REPS:-200}
CAP_MB=${BENCH_NATIONAL_CAP_MB:-4096}
NAT_TIMEOUT=${BENCH_NATIONAL_TIMEOUT:-240}
PACKETS=${BENCH_PACKETS:-city}
SOFFICE_CITY=${BENCH_SOFFICE_CITY:-0}
PROFILE=${BENCH_PROFILE:-1}
RULES_ZS="$ROOT/config/rules/zhongshan-2023.ini"
export KAOPING_DATADIR="$ROOT" SOURCE_DATE_EPOCH=1705276800 LC_ALL=C.UTF-8
T0=$(date +%s)

rm -rf "$W/out" "$LOG"
mkdir -p "$D" "$LOG" "$W/out"
: >"$TSV"
[ -x "$KP" ] || { echo "bench: error: '$KP' not built (make all)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: error: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
note() { printf '%s\t%s\n' "$1" "$2" >>"$W/notes.tsv"; }
: >"$W/notes.tsv"
say() { printf '[%4ds] %s\n' $(($(date +%s) - T0)) "$*"; }

# measure NAME CMD...: wall, CPU (user+sys) and peak RSS of one command via /usr/bin/time,
# one line of results.tsv: name rc wall_s cpu_s rss_mb.
measure() {
    local name=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$LOG/$name.time" "$@" >"$LOG/$name.out" 2>"$LOG/$name.err"
    local rc=$?
    read -r wall user sys rss <"$LOG/$name.time" 2>/dev/null || { wall=0 user=0 sys=0 rss=0; }
    # a killed command's time file starts with "Command terminated by signal"
    if ! [[ $wall =~ ^[0-9.]+$ ]]; then read -r wall user sys rss < <(tail -n 1 "$LOG/$name.time"); fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rc" "$wall" \
        "$(awk "BEGIN {print $user + $sys}")" "$(awk "BEGIN {print $rss / 1024}")" >>"$TSV"
    return $rc
}
kv() { printf '%s\t%s\n' "$1" "$2" >>"$W/values.tsv"; }
: >"$W/values.tsv"
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# ---- machine ----------------------------------------------------------------------------------
{
    echo "nproc	$(nproc)"
    echo "cpu	$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "mem	$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel	$(uname -sr)"
    echo "os	$(. /etc/os-release; echo "$PRETTY_NAME")"
    echo "load_before	$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date	$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "commit	$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet -- src 2>/dev/null || echo ' + uncommitted src changes')"
    echo "kaoping	$("$KP" --version 2>/dev/null)"
    echo "python	$($PY --version 2>&1)"
    echo "reportlab	$($PY -c 'import reportlab; print(reportlab.Version)' 2>/dev/null)"
    echo "xlsxwriter_py	$($PY -c 'import xlsxwriter; print(xlsxwriter.__version__)' 2>/dev/null)"
    echo "libxlsxwriter	$(dpkg-query -W -f='${Version}' libxlsxwriter-dev 2>/dev/null)"
    echo "libharu	$(dpkg-query -W -f='${Version}' libhpdf-dev 2>/dev/null)"
    echo "libreoffice	$(soffice --version 2>/dev/null | head -1)"
} >"$W/machine.tsv"
say "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- data -------------------------------------------------------------------------------------
GEN_SUM=$(sha256sum bench/gen.py | cut -c1-16)
gen() { # gen NAME SIZE [--workers N]: regenerated when bench/gen.py changed
    local name=$1
    shift
    if [ "$(cat "$D/$name/.gen" 2>/dev/null)" != "$GEN_SUM $*" ]; then
        rm -rf "$D/$name"
        measure "gen_$name" $PY bench/gen.py "$1" "$D/$name" "${@:2}" || {
            echo "bench: error: bench/gen.py $* failed" >&2; cat "$LOG/gen_$name.err" >&2; exit 1; }
        echo "$GEN_SUM $*" >"$D/$name/.gen"
    fi
    kv "data_${name}_bytes" "$(cat "$D/$name"/*.csv | wc -c)"
    kv "data_${name}_obs_rows" "$(($(wc -l <"$D/$name/observations.csv") - 1))"
}
say "generating data (national is cached in $D/national)"
gen page page
gen district district
gen city city
gen national national
gen nat50k national --workers 50000
gen raters raters
[ "$PROFILE" = 1 ] && gen nat5k national --workers 5000
mkdir -p "$W/layouts-packet" "$W/layouts-ranking"
cp layouts/packet.xml "$W/layouts-packet/"
cp layouts/ranking.xml "$W/layouts-ranking/"
variant() { # variant DATASET NAME LAYOUTS_DIR: a run INI with its own out folder and layouts
    sed -e "s|^out = out|out = $W/out/$1-$2|" -e "/^\[run\]/a layouts = $3" "$D/$1/run.ini" \
        >"$D/$1/run-$2.ini"
}
if [ "${BENCH_DATA_ONLY:-0}" = 1 ]; then
    say "data only: $D"
    exit 0
fi
for s in page district city; do
    variant $s table "$ROOT/bench/layouts"
    variant $s none "$ROOT/bench/layouts-none"
    variant $s packet "$W/layouts-packet"
    variant $s ranking "$W/layouts-ranking"
done

# ---- scoring ----------------------------------------------------------------------------------
say "scoring: kaoping check district, city, national/10"
measure check_district "$KP" check "$D/district/run.ini"
measure check_city "$KP" check "$D/city/run.ini"
measure check_raters "$KP" check "$D/raters/run.ini"
measure check_nat50k "$KP" check "$D/nat50k/run.ini"
say "scoring: kaoping check national (500,000 x 12; capped at $CAP_MB MB address space, ${NAT_TIMEOUT}s)"
measure check_national prlimit --as=$((CAP_MB * 1048576)) timeout "$NAT_TIMEOUT" \
    "$KP" check "$D/national/run.ini"
kv check_national_error "$(grep -m1 'error' "$LOG/check_national.err" | cut -c1-200)"
NAT_OK=0
grep -q '^check_national	0	' "$W/results.tsv" && NAT_OK=1
if [ -x "$KPB" ]; then
    measure sizes "$KPB" sizes
    for s in district city nat50k; do
        measure "stages_$s" "$KPB" stages "$D/$s/run.ini"
    done
fi
say "scoring: kaoping run --stage score district, city"
measure score_district "$KP" run "$D/district/run.ini" --stage score --quiet --out "$W/out/district-score"
measure score_city "$KP" run "$D/city/run.ini" --stage score --quiet --out "$W/out/city-score"
if [ "$NAT_OK" = 1 ]; then
    say "scoring: kaoping run --stage score national (results.csv, scores.snapshot, manifest)"
    measure score_national "$KP" run "$D/national/run.ini" --stage score --quiet --out "$W/out/national-score"
    kv score_national_csv_bytes "$(size "$W/out/national-score/results.csv")"
    kv score_national_snapshot_bytes "$(size "$W/out/national-score/scores.snapshot")"
    rm -rf "$W/out/national-score"
fi

# ---- XLSX: city results.xlsx, ours and python3-xlsxwriter's -------------------------------------
say "xlsx: kaoping run (no documents) district and city; python3-xlsxwriter on the same results"
measure run_none_district "$KP" run "$D/district/run-none.ini" --quiet
measure run_none_city "$KP" run "$D/city/run-none.ini" --quiet
[ -x "$KPB" ] && measure kpb_xlsx_city "$KPB" xlsx "$D/city/run-none.ini" "$W/out/kpbench-city.xlsx"
kv xlsx_city_bytes "$(size "$W/out/city-none/results.xlsx")"
measure peer_xlsx_city $PY bench/peers/xlsxwriter_table.py "$W/out/city-none" "$D/city" \
    "$RULES_ZS" "$W/out/peer-city.xlsx"
kv peer_xlsx_city_bytes "$(size "$W/out/peer-city.xlsx")"
$PY bench/xlsx_compare.py "$W/out/city-none/results.xlsx" "$W/out/peer-city.xlsx" \
    >"$W/xlsx_compare.txt" 2>&1

# ---- one-page ranking table: ours, ReportLab, LibreOffice --------------------------------------
say "pdf: one-page ranking table x $REPS (ours in-process and per process; ReportLab)"
measure run_table_page "$KP" run "$D/page/run-table.ini" --quiet
OURS_PDF="$W/out/page-table/table-area.pdf"
kv ours_page_bytes "$(size "$OURS_PDF")"
kv ours_page_pages "$(pages "$OURS_PDF")"
[ -x "$KPB" ] && mkdir -p "$W/out/kpb-page" &&
    measure kpb_pdf_page "$KPB" pdf "$D/page/run-table.ini" "$REPS" "$W/out/kpb-page"
measure loop_run_page bash -c "for i in \$(seq $REPS); do '$KP' run '$D/page/run-table.ini' --quiet \
    --out '$W/out/page-loop' >/dev/null || exit 1; done"
RL_PDF="$W/out/reportlab-page.pdf"
measure rl_once $PY bench/peers/reportlab_table.py "$W/out/page-table/results.csv" "$RULES_ZS" area "$RL_PDF"
kv rl_page_bytes "$(size "$RL_PDF")"
kv rl_page_pages "$(pages "$RL_PDF")"
measure rl_repeat $PY bench/peers/reportlab_table.py "$W/out/page-table/results.csv" "$RULES_ZS" \
    area "$RL_PDF" --repeat "$REPS"
RL_PROCS=10
measure loop_rl_page bash -c "for i in \$(seq $RL_PROCS); do $PY bench/peers/reportlab_table.py \
    '$W/out/page-table/results.csv' '$RULES_ZS' area '$W/out/reportlab-loop.pdf' || exit 1; done"
kv rl_procs "$RL_PROCS"

if have soffice; then
    say "pdf: LibreOffice headless, our XLSX to PDF (the office route)"
    LO="-env:UserInstallation=file://$W/lo-profile"
    rm -rf "$W/lo"
    mkdir -p "$W/lo/warm"
    soffice "$LO" --headless --convert-to pdf --outdir "$W/lo/warm" \
        "$W/out/page-table/results.xlsx" >/dev/null 2>&1 # profile set-up, not timed
    measure lo_page soffice "$LO" --headless --convert-to pdf --outdir "$W/lo/page" \
        "$W/out/page-table/results.xlsx"
    kv lo_page_bytes "$(size "$W/lo/page/results.pdf")"
    kv lo_page_pages "$(pages "$W/lo/page/results.pdf")"
    measure lo_district timeout 600 soffice "$LO" --headless --convert-to pdf --outdir "$W/lo/district" \
        "$W/out/district-none/results.xlsx"
    kv lo_district_bytes "$(size "$W/lo/district/results.pdf")"
    kv lo_district_pages "$(pages "$W/lo/district/results.pdf")"
    if [ "$SOFFICE_CITY" = 1 ]; then
        measure lo_city timeout 600 soffice "$LO" --headless --convert-to pdf --outdir "$W/lo/city" \
            "$W/out/city-none/results.xlsx"
        kv lo_city_bytes "$(size "$W/lo/city/results.pdf")"
        kv lo_city_pages "$(pages "$W/lo/city/results.pdf")"
    fi
fi

# ---- year-end packets -------------------------------------------------------------------------
say "packets: kaoping run -j $(nproc) with layouts/packet.xml only on $PACKETS"
measure "packets_$PACKETS" "$KP" run "$D/$PACKETS/run-packet.ini" --quiet -j "$(nproc)"
kv packets_jobs "$(nproc)"
P_DIR="$W/out/$PACKETS-packet"
# (find, not a glob: 54,600 names overflow the argument list)
packet_files() { find "$P_DIR" -maxdepth 1 -name 'packet-*.pdf' 2>/dev/null | LC_ALL=C sort; }
kv packets_count "$(packet_files | wc -l)"
kv packets_bytes "$(packet_files | tr '\n' '\0' | xargs -0 -r stat -c %s | awk '{s += $1} END {printf "%.0f\n", s}')"
kv packets_pages_sample "$(packet_files | awk 'NR % 97 == 1' | while read -r f; do pages "$f"; done | sort -n | uniq -c | awk '{printf "%s%s x %s pages", (NR > 1 ? ", " : ""), $1, $2}')"
kv packets_set "$PACKETS"
[ -x "$KPB" ] && measure kpb_plan_city "$KPB" plan "$D/city/run-packet.ini"
if [ -x "$KPB" ]; then
    say "packets: district packets on 1 and 2 threads (kpbench: kp_render_document in a pool)"
    rm -rf "$W/out/kpb-docs1" "$W/out/kpb-docs2"
    mkdir -p "$W/out/kpb-docs1" "$W/out/kpb-docs2"
    measure kpb_docs1 "$KPB" docs "$D/district/run-packet.ini" 1 "$W/out/kpb-docs1"
    measure kpb_docs2 "$KPB" docs "$D/district/run-packet.ini" 2 "$W/out/kpb-docs2"
    kv docs_threads_identical "$( (cd "$W/out/kpb-docs1" && sha256sum *.pdf) | (cd "$W/out/kpb-docs2" &&
        sha256sum -c --quiet 2>/dev/null) && echo yes || echo no)"
    rm -rf "$W/out/kpb-docs1" "$W/out/kpb-docs2"
fi
# Scale-out: score once, render the district's packets in two shards and finish; the union
# must be the single run's folder, byte for byte (the Slurm test does the same as a job array).
say "packets: district in 2 shards from one snapshot (kaoping render --shard K/2, --finish)"
SH="$W/out/district-shards"
rm -rf "$SH" "$W/out/district-score-p" "$W/out/district-single"
measure shard_score "$KP" run "$D/district/run-packet.ini" --stage score --quiet --out "$W/out/district-score-p"
measure shard_1 "$KP" render "$D/district/run-packet.ini" --from "$W/out/district-score-p" --out "$SH" --shard 1/2 -j 1 --quiet
measure shard_2 "$KP" render "$D/district/run-packet.ini" --from "$W/out/district-score-p" --out "$SH" --shard 2/2 -j 1 --quiet
measure shard_finish "$KP" render "$D/district/run-packet.ini" --from "$W/out/district-score-p" --out "$SH" --finish --quiet
measure shard_single "$KP" run "$D/district/run-packet.ini" --quiet --out "$W/out/district-single"
kv shards_identical "$( (cd "$W/out/district-single" && sha256sum -- *) | (cd "$SH" && sha256sum -c --quiet 2>/dev/null) &&
    [ "$(ls "$SH" | wc -l)" = "$(ls "$W/out/district-single" | wc -l)" ] && echo yes || echo no)"
rm -rf "$SH" "$W/out/district-single"
# ---- OFD beside PDF ---------------------------------------------------------------------------
# The same pages written as PDF, and as PDF and OFD ([run] formats = pdf, ofd): in process for the
# one-page table (laid out alone, PDF, PDF + OFD), and as whole runs for the district's packets.
if [ -x "$KPB" ]; then
    say "ofd: the one-page ranking table x $REPS: laid out, PDF, PDF + OFD (kpbench ofd)"
    mkdir -p "$W/out/kpb-ofd"
    measure kpb_ofd_page "$KPB" ofd "$D/page/run-table.ini" "$REPS" "$W/out/kpb-ofd"
fi
say "ofd: district packets as PDF, then as PDF and OFD (kaoping run -j $(nproc))"
sed -e "s|^out = .*|out = $W/out/district-packet-ofd|" -e '/^\[run\]/a formats = pdf, ofd' \
    "$D/district/run-packet.ini" >"$D/district/run-packet-ofd.ini"
rm -rf "$W/out/district-packet-pdf" "$W/out/district-packet-ofd"
measure ofd_packets_pdf "$KP" run "$D/district/run-packet.ini" --quiet -j "$(nproc)" \
    --out "$W/out/district-packet-pdf"
measure ofd_packets_twin "$KP" run "$D/district/run-packet-ofd.ini" --quiet -j "$(nproc)"
sum_bytes() { find "$1" -maxdepth 1 -name "*.$2" -print0 | xargs -0 -r stat -c %s | awk '{s += $1} END {printf "%.0f\n", s}'; }
kv ofd_packets_count "$(find "$W/out/district-packet-ofd" -maxdepth 1 -name 'packet-*.ofd' | wc -l)"
kv ofd_packets_pdf_bytes "$(sum_bytes "$W/out/district-packet-ofd" pdf)"
kv ofd_packets_ofd_bytes "$(sum_bytes "$W/out/district-packet-ofd" ofd)"
kv ofd_packets_pages "$(find "$W/out/district-packet-ofd" -maxdepth 1 -name 'packet-*.pdf' | while read -r f; do pages "$f"; done | awk '{s += $1} END {print s}')"
rm -rf "$W/out/district-packet-pdf" "$W/out/district-packet-ofd"
say "ranking bulletin of the city (layouts/ranking.xml: 4,600 and 50,000 rows)"
measure ranking_city "$KP" run "$D/city/run-ranking.ini" --quiet
for k in area worker; do
    kv "ranking_city_${k}_bytes" "$(size "$W/out/city-ranking/ranking-$k.pdf")"
    kv "ranking_city_${k}_pages" "$(pages "$W/out/city-ranking/ranking-$k.pdf")"
done
say "district: kaoping run with every layout (all documents)"
measure run_full_district "$KP" run "$D/district/run.ini" --quiet --out "$W/out/district-full"
kv full_district_docs "$(ls "$W/out/district-full" 2>/dev/null | grep -c '\.pdf$')"
kv full_district_bytes "$(du -sb "$W/out/district-full" 2>/dev/null | cut -f1)"

# ---- where national time and memory go --------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
    if have perf && perf record -o /dev/null true >/dev/null 2>&1; then
        say "profile: perf on kaoping check national/10 (50,000 workers)"
        perf record -F 999 -g -o "$W/perf.data" "$KP" check "$D/nat50k/run.ini" >/dev/null 2>"$LOG/perf.err"
        perf report -i "$W/perf.data" --no-children --stdio -g none --percent-limit 1.5 \
            --sort sym 2>/dev/null | grep -v '^#' | grep -v '^$' >"$W/perf_self.txt"
    fi
    if have perf && [ -x "$KPB" ] && perf record -o /dev/null true >/dev/null 2>&1; then
        say "profile: perf on the one-page documents and on the district's packets (kpbench)"
        mkdir -p "$W/out/prof-page" "$W/out/prof-docs"
        perf record -F 2999 -o "$W/perf-pdf.data" "$KPB" pdf "$D/page/run-table.ini" "$REPS" \
            "$W/out/prof-page" >/dev/null 2>"$LOG/perf-pdf.err"
        perf report -i "$W/perf-pdf.data" --no-children --stdio --sort dso --percent-limit 1 \
            2>/dev/null | grep -v '^#' | grep -v '^$' >"$W/perf_pdf_dso.txt"
        perf record -F 999 -o "$W/perf-docs.data" "$KPB" docs "$D/district/run-packet.ini" 1 \
            "$W/out/prof-docs" >/dev/null 2>"$LOG/perf-docs.err"
        perf report -i "$W/perf-docs.data" --no-children --stdio --sort dso --percent-limit 1 \
            2>/dev/null | grep -v '^#' | grep -v '^$' >"$W/perf_docs_dso.txt"
        rm -rf "$W/out/prof-page" "$W/out/prof-docs" "$W/perf-pdf.data" "$W/perf-docs.data"
    fi
    if have valgrind; then
        say "profile: valgrind massif on kaoping check national/100 (5,000 workers)"
        valgrind --tool=massif --massif-out-file="$W/massif.out" "$KP" check "$D/nat5k/run.ini" \
            >/dev/null 2>"$LOG/massif.err"
        ms_print --threshold=5 "$W/massif.out" >"$W/massif.txt" 2>/dev/null
    fi
fi
kv load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
kv bench_seconds "$(($(date +%s) - T0))"
say "report"
$PY bench/report.py "$W" "$ROOT/bench/RESULTS.md"
