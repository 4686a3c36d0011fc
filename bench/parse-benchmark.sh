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
times=()
for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    java -jar "$JAR" "${args[@]}" "$work/context" > "$work/plan.txt"
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "lazybuild plan process: median of $RUNS runs ${sorted[$((RUNS / 2))]} ms (min ${sorted[0]}, max ${sorted[$((RUNS - 1))]}); $(tail -1 "$work/plan.txt")"
