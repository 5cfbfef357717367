#!/usr/bin/env bash
# Runs a small sweep on a real single-node Slurm (munge + slurmctld + slurmd started here, in a scratch folder)
# as a 4-task job array with tools/slurm/sweep-array.sbatch, merges the shards with tools/slurm/merge.sbatch, and
# checks the merged store equals one uninterrupted single-machine run, replication for replication.
# Exit 77 (ctest: skipped) when Slurm is not installed or we are not root (munged must run as the munge user).
#   usage: slurm_test.sh GWSIM_BINARY REPO_ROOT
set -euo pipefail
gwsim=$1
repo=$2

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null ||
  ! command -v sbatch >/dev/null; then
  echo "SKIP: Slurm is not installed (apt-get install slurmctld slurmd slurm-client munge)"
  exit 77
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: starting munged and slurmd needs root"
  exit 77
fi

work=$(mktemp -d /tmp/gwsim-slurm-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  scancel --user=root >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# munge: a private daemon with a fresh key, run as the munge user.
mkdir -p "$work/munge"
chown munge:munge "$work/munge"
chmod 755 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"
setpriv --reuid=munge --regid=munge --init-groups -- munged -F --key-file="$work/munge/munge.key" \
  --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munge.seed" &
pids+=($!)

# Ports away from the defaults, so a test may run beside another Slurm.
ctl_port=$((20000 + RANDOM % 20000))
d_port=$((ctl_port + 1))
cores=$(nproc)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=gwsimtest
SlurmctldHost=localhost
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MinJobAge=4
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cores RealMemory=1000 State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf

for _ in $(seq 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
slurmctld -D >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D >"$work/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 150); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  sleep 0.2
done
if [ "$state" != "idle" ]; then
  echo "FAIL: the Slurm node did not come up (state '$state')"
  tail -20 "$work/slurmctld.log" "$work/slurmd.log" 2>/dev/null || true
  exit 1
fi

cd "$repo"
spec=tests/data/sweeps/tiny-sweep.yaml
export GWSIM=$gwsim
array_job=$(sbatch --parsable --array=0-3 --cpus-per-task=1 --chdir="$repo" --output="$work/array-%A_%a.log" \
  tools/slurm/sweep-array.sbatch "$spec" "$work/shards")
merge_job=$(sbatch --parsable --dependency=afterok:"$array_job" --chdir="$repo" --output="$work/merge-%j.log" \
  --wait tools/slurm/merge.sbatch "$work/shards" "$work/merged.sqlite" || true)
if ! timeout 120 bash -c "until [ -f '$work/merged.sqlite' ] && ! squeue -h -j '$merge_job' 2>/dev/null | grep -q .; do sleep 0.3; done"; then
  echo "FAIL: the job array and merge did not finish"
  cat "$work"/array-*.log "$work"/merge-*.log 2>/dev/null | tail -40
  exit 1
fi
shards=$(ls "$work/shards" | grep -c '^shard-[0-3]-of-4[.]sqlite$' || true)
[ "$shards" -eq 4 ] || { echo "FAIL: expected 4 shard stores, found $shards"; ls "$work/shards"; exit 1; }

"$gwsim" sweep "$spec" -j 2 -o "$work/single.sqlite" >/dev/null 2>&1
"$gwsim" results "$work/single.sqlite" --replications-csv "$work/single.csv" >/dev/null
"$gwsim" results "$work/merged.sqlite" --replications-csv "$work/merged.csv" >/dev/null
if ! cmp -s "$work/single.csv" "$work/merged.csv"; then
  echo "FAIL: the Slurm job array's merged store differs from a single-machine run"
  diff "$work/single.csv" "$work/merged.csv" | head -20
  exit 1
fi
echo "PASS: 4-task Slurm job array, merged, equals the single-machine run ($(($(wc -l <"$work/single.csv") - 1)) replications)"
