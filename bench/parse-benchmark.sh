#!/usr/bin/env bash
# Parse benchmark (not a test): parse the real lockfiles together and build the tree,
#  1. inside one JVM: the first (cold) run, then the median of N warm runs;
#  2. as a whole `lazybuild plan` process (JVM start included): the median of RUNS runs.
# Every lockfile lazybuild knows in LOCKFILES_DIR is used (so an rpms.lock.yaml joins once
# lazybuild reads it). Usage: bench/parse-benchmark.sh [LOCKFILES_DIR]; N, RUNS, ARCH in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-testdata/real-lockfiles/notebooks}
N=${N:-30}
RUNS=${RUNS:-7}
ARCH=${ARCH:-x86_64}
JAR=cli/target/lazybuild.jar

mvn -q -o -pl cli -am package -DskipTests

mapfile -t LOCKFILES < <(java -cp "$JAR" bench/ParseBenchmark.java list "$DIR")
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "lockfiles: ${LOCKFILES[*]##*/}"
java -cp "$JAR" bench/ParseBenchmark.java run "$DIR" "$ARCH" "$N"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/context"
args=(plan --cache-dir "$work/cache" --arch "$ARCH")
for f in "${LOCKFILES[@]}"; do args+=(--lockfile "$f"); done
# Wall time, and CPU time (user+sys, all threads): the CPU time moves less when the machine is shared.
TIMEFORMAT='%R %U %S'
walls=(); cpus=()
for _ in $(seq "$RUNS"); do
    t=$( { time java -jar "$JAR" "${args[@]}" "$work/context" > "$work/plan.txt"; } 2>&1 )
    read -r real user sys <<< "$t"
    walls+=("$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%d ms (min %d, max %d)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
echo "lazybuild plan process, $RUNS runs: wall median $(median "${walls[@]}"); CPU median $(median "${cpus[@]}")"
echo "plan totals: $(tail -1 "$work/plan.txt")"
