#!/usr/bin/env bash
# Writes <dir>.expected: the files Hermeto's `go mod download` leaves under
# deps/gomod/pkg/mod/cache/download for the go.mod/go.sum in <dir> (a main module at go >= 1.18,
# no replace directives), by the rule lazybuild's DownloadSelection implements, written again
# here in awk so that the two implementations check each other:
#   - every module go.mod requires: .info .mod, and .zip .ziphash .lock when go.sum has its zip hash;
#   - every "<module> <version>/go.mod" line of go.sum: .mod;
#   - per module path: list.
# Module paths and versions are case-escaped (upper-case X -> !x).
# The real `go mod download -json` could not be run for this input: the module proxy is not
# reachable from where the list was made, and the go.mod needs Go 1.25.1. The rule itself is
# checked against the real go tool by GoModuleAgainstGoToolTest on module graphs built locally.
# Usage: ./make-expected.sh mongodb-cli-v2.0.7
set -euo pipefail
dir=$1
{
  echo "# Made by: ./make-expected.sh $dir (from $dir/go.mod and $dir/go.sum)"
  awk '
    function esc(s,   out, i, c) { out = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1);
        if (c ~ /[A-Z]/) out = out "!" tolower(c); else out = out c } return out }
    FNR == 1 { file++ }
    file == 1 && /^require \($/ { inblock = 1; next }
    file == 1 && inblock && /^\)/ { inblock = 0; next }
    file == 1 && inblock && NF >= 2 { roots[$1 " " $2] = 1; next }
    file == 1 && /^require [^(]/ { roots[$2 " " $3] = 1; next }
    file == 2 && $2 ~ /\/go\.mod$/ { v = $2; sub(/\/go\.mod$/, "", v); mods[$1 " " v] = 1; next }
    file == 2 && NF == 3 { zips[$1 " " $2] = 1 }
    END {
      for (r in roots) { mods[r] = 1; split(r, a, " "); d = esc(a[1]) "/@v/" esc(a[2]);
        print d ".info"; if (r in zips) { print d ".lock"; print d ".zip"; print d ".ziphash" } }
      for (m in mods) { split(m, a, " "); print esc(a[1]) "/@v/" esc(a[2]) ".mod"; print esc(a[1]) "/@v/list" }
    }' "$dir/go.mod" "$dir/go.sum" | LC_ALL=C sort -u
} > "$dir.expected"
