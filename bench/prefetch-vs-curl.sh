#!/usr/bin/env bash
# Throughput of `lazybuild prefetch` against the test suite's UpstreamServer on 127.0.0.1,
# compared with curl fetching the same files in parallel (xargs -P) from the same server in
# the same run. Both start from nothing: prefetch from an empty cache (and pays JVM start,
# sha256 verification, fsync and rename), curl into an empty directory (and verifies nothing).
#
#   bench/prefetch-vs-curl.sh            FILES=64 SIZE_KB=4096 JOBS=8 ROUNDS=3 by default
#
# Prints one line per round and the median ratios: prefetch MB/s / curl MB/s, and prefetch
# against curl followed by `sha256sum` of what it fetched (closer to what prefetch does).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

FILES=${FILES:-64}
SIZE_KB=${SIZE_KB:-4096}
JOBS=${JOBS:-8}
ROUNDS=${ROUNDS:-3}

mvn -q -o -DskipTests package -pl cli -am
jar=cli/target/lazybuild.jar

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/files" "$work/context"
for i in $(seq 1 "$FILES"); do
  head -c "$((SIZE_KB * 1024))" /dev/urandom > "$work/files/pkg$i-1.0-py3-none-any.whl"
done
total_bytes=$((FILES * SIZE_KB * 1024))

java -cp testkit/target/classes dev.lazybuild.testkit.UpstreamServer "$work/files" > "$work/server.out" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/server.out" ] && break; sleep 0.1; done
base=$(head -1 "$work/server.out")

{
  printf 'lock-version = "1.0"\ncreated-by = "bench"\nrequires-python = ">=3.11"\n'
  for f in "$work"/files/*; do
    name=$(basename "$f")
    printf '\n[[packages]]\nname = "%s"\nversion = "1.0"\nwheels = [{ url = "%s%s", size = %d, hashes = { sha256 = "%s" } }]\n' \
      "${name%%-1.0*}" "$base" "$name" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"
  done
} > "$work/context/pylock.toml"
ls "$work/files" | sed "s|^|$base|" > "$work/urls"

now() { date +%s.%N; }
mbps() { echo "scale=1; $total_bytes / 1048576 / ($2 - $1)" | bc; }

echo "files=$FILES size=${SIZE_KB}KiB total=$((total_bytes / 1048576))MiB jobs=$JOBS server=$base"
ratios=()
verified_ratios=()
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$work/cache" "$work/curl"; mkdir -p "$work/curl"
  t0=$(now)
  java -jar "$jar" prefetch --jobs "$JOBS" --cache-dir "$work/cache" "$work/context" > /dev/null 2>&1
  t1=$(now)
  xargs -P "$JOBS" -n 1 sh -c 'curl -sf -o "$0/${1##*/}" "$1"' "$work/curl" < "$work/urls"
  t2=$(now)
  ls "$work"/curl/* | xargs -P "$JOBS" -n 4 sha256sum > /dev/null
  t3=$(now)
  [ "$(ls "$work/curl" | wc -l)" = "$FILES" ] || { echo "curl fetched too few files" >&2; exit 1; }
  java -jar "$jar" cache verify --cache-dir "$work/cache" > /dev/null
  # The fixed cost (JVM start, lockfile parsing, HTTP client set-up): prefetch again, all cached.
  t4=$(now); java -jar "$jar" prefetch --jobs "$JOBS" --cache-dir "$work/cache" "$work/context" > /dev/null 2>&1; t5=$(now)
  p=$(mbps "$t0" "$t1"); c=$(mbps "$t1" "$t2"); cv=$(mbps "$t1" "$t3")
  r=$(echo "scale=2; $p / $c" | bc); rv=$(echo "scale=2; $p / $cv" | bc)
  ratios+=("$r"); verified_ratios+=("$rv")
  echo "round $round: prefetch $p MB/s ($(echo "$t1 - $t0" | bc) s), curl -P$JOBS $c MB/s ($(echo "$t2 - $t1" | bc) s)," \
    "curl+sha256sum $cv MB/s; ratio $r, against curl+sha256sum $rv; prefetch fixed cost $(echo "$t5 - $t4" | bc) s"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p"; }
echo "median ratio prefetch/curl: $(median "${ratios[@]}"), prefetch/(curl+sha256sum): $(median "${verified_ratios[@]}")"
