#!/usr/bin/env bash
# slurm.sh - `kaoping render --shard` as a real Slurm job array: a one-node cluster started here
# (as the README describes), the sample's per-subject
# documents rendered by `sbatch --array=1-3 --wait`, then `render --finish`: every file,
# manifest included, byte-identical to one `kaoping run`.
#
# Needs root (it starts munged, slurmctld and slurmd); as any other user it prints a SKIP line
# and counts neither as passed nor failed. The cluster's configuration, state, pid files and
# logs live in the test's scratch folder (SLURM_CONF points there), so nothing under /etc or
# /var is changed; only daemons this test started are stopped, by their pid files.
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
KP=${KP:-$ROOT/build/kaoping}
if [ -z "${KP_TMP:-}" ]; then KP_TMP=$(mktemp -d /tmp/kaoping-slurm.XXXXXX); own_tmp=1; fi
. "$ROOT/tests/lib.sh"
export SOURCE_DATE_EPOCH=1705276800 LC_ALL=C.UTF-8 KAOPING_DATADIR=$ROOT
T0=$(date +%s.%N)

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP slurm: needs root to start munged, slurmctld and slurmd (CI runs make test as root)"
    exit 0
fi
for p in sbatch sinfo slurmctld slurmd munged; do
    if ! command -v "$p" >/dev/null; then
        fail "slurm: '$p' not found: install the Debian packages slurm-wlm and munge (make deps)"
        exit 0
    fi
done

d=$(scratch)
export SLURM_CONF=$d/slurm.conf
started=() # pid files of the daemons this test started, stopped in reverse order
made_run_munge=0

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
stop() { # stop PIDFILE: TERM, then wait up to 10 s for the process to end
    local pid i
    pid=$(cat "$1" 2>/dev/null) || return
    kill "$pid" 2>/dev/null || return
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || return; sleep 0.1; done
    echo "slurm: pid $pid ($1) did not stop within 10 s"
}
cleanup() {
    local i
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do stop "${started[i]}"; done
    awk -v a="$T0" -v f="$(date +%s.%N)" 'BEGIN {printf "slurm: daemons stopped, %.1f s in all\n", f - a}'
    [ "$made_run_munge" -eq 1 ] && rm -rf /run/munge
    [ -n "${own_tmp:-}" ] && rm -rf "$KP_TMP"
}
trap cleanup EXIT

# --- munged: the one munge socket Slurm's auth/munge uses; a running one is used as it is ---
munge_pid=/run/munge/munged.pid
if ! alive "$munge_pid"; then
    [ -d /run/munge ] || { mkdir -p /run/munge && made_run_munge=1; }
    chown munge:munge /etc/munge/munge.key /run/munge && chmod 400 /etc/munge/munge.key
    su -s /bin/sh munge -c munged >"$d/munged.log" 2>&1
    for i in $(seq 50); do alive "$munge_pid" && break; sleep 0.1; done
    alive "$munge_pid" && started+=("$munge_pid")
fi
check "slurm: munged runs" alive "$munge_pid" || { cat "$d/munged.log"; exit 0; }

# --- slurmctld and slurmd with a configuration of this test's own --------------------------
H=$(hostname)
mkdir -p "$d/state" "$d/spool"
cat >"$SLURM_CONF" <<CONF
ClusterName=kaopingtest
SlurmctldHost=$H
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmUser=root
ReturnToService=2
NodeName=$H CPUs=$(nproc) State=UNKNOWN
PartitionName=batch Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" && started+=("$d/slurmctld.pid")
for i in $(seq 50); do alive "$d/slurmctld.pid" && break; sleep 0.1; done
slurmd -f "$SLURM_CONF" && started+=("$d/slurmd.pid")
for i in $(seq 300); do
    sinfo -h -o %t 2>/dev/null | grep -qx idle && break
    sleep 0.1
done
if ! check "slurm: one-node cluster up (node idle)" sh -c 'sinfo -h -o %t | grep -qx idle'; then
    sinfo; tail -n 20 "$d/slurmctld.log" "$d/slurmd.log"
    exit 0
fi
T_UP=$(date +%s.%N)

# --- one run, and the same as scores plus a job array of three render shards ----------------
ini=$ROOT/config/zhongshan-2023.ini
"$KP" run "$ini" --out "$d/single" -q >/dev/null 2>"$d/single.err"
check "slurm: single run" test $? -eq 0
"$KP" run "$ini" --stage score --out "$d/scores" -q >/dev/null 2>"$d/scores.err"
check "slurm: run --stage score" test -s "$d/scores/scores.snapshot"
cat >"$d/job.sh" <<JOB
#!/bin/sh
# One task of the array renders shard \$SLURM_ARRAY_TASK_ID of \$SLURM_ARRAY_TASK_COUNT.
exec "$KP" render "$ini" --from "$d/scores" --out "$d/sharded" \\
    --shard "\$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT" -j 1 -q
JOB
chmod +x "$d/job.sh"
T_SUB=$(date +%s.%N)
timeout 300 sbatch --array=1-3 --wait -D "$d" -o "$d/task-%a.log" -e "$d/task-%a.err" \
    "$d/job.sh" >"$d/sbatch.out" 2>&1
rc=$?
T_DONE=$(date +%s.%N)
check "slurm: sbatch --array=1-3 --wait exits 0" test $rc -eq 0 ||
    { cat "$d/sbatch.out" "$d"/task-*.err 2>/dev/null | head -20; }
# Each task printed the files it wrote: 374 per-subject documents (187 subjects x packet and
# scoresheet) dealt 125/125/124; shard 1 also the 3 CSV files, the workbook and the 6 run and
# kind documents (awards, 2 indicators, 2 rankings, warning).
check "slurm: task 1 wrote shard 1/3 (125 documents + 10 run-level files)" \
    test "$(grep -c . "$d/task-1.log" 2>/dev/null)" = 135
check "slurm: task 2 wrote shard 2/3 (125 documents)" test "$(grep -c . "$d/task-2.log" 2>/dev/null)" = 125
check "slurm: task 3 wrote shard 3/3 (124 documents)" test "$(grep -c . "$d/task-3.log" 2>/dev/null)" = 124
"$KP" render "$ini" --from "$d/scores" --out "$d/sharded" --finish -q >/dev/null 2>"$d/finish.err"
check "slurm: render --finish" test $? -eq 0 || cat "$d/finish.err"
sums() { (cd "$1" && sha256sum -- * | LC_ALL=C sort -k2); }
sums "$d/single" >"$d/single.sums"
sums "$d/sharded" >"$d/sharded.sums" 2>/dev/null
check "slurm: one run wrote 386 files" test "$(grep -c . "$d/single.sums")" = 386
check "slurm: the job array's files are byte-identical to one run's (manifest included)" \
    cmp -s "$d/single.sums" "$d/sharded.sums" || diff "$d/single.sums" "$d/sharded.sums" | head -5
"$KP" verify "$d/sharded" >/dev/null 2>&1
check "slurm: kaoping verify accepts the sharded folder" test $? -eq 0
awk -v a="$T0" -v b="$T_UP" -v c="$T_SUB" -v e="$T_DONE" -v f="$(date +%s.%N)" \
    'BEGIN {printf "slurm: cluster start %.1f s, job array %.1f s, checks done at %.1f s\n", b - a, e - c, f - a}'
