#!/usr/bin/env bash
# Proto breaking-change check: on a branch, against main; on main, against the previous commit
# (so a change that breaks consumers cannot land). Skipped, with a note, when there is nothing
# to compare with (first commit, shallow clone, or no proto/ in the base).
set -euo pipefail
cd "$(dirname "$0")/.."
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo "")
if [[ "$branch" != "main" ]] && git rev-parse --verify -q main >/dev/null; then
  base=main
elif git rev-parse --verify -q HEAD~1 >/dev/null; then
  base=HEAD~1
else
  echo "buf breaking: no base commit to compare with (skipped)"; exit 0
fi
if ! git cat-file -e "$base:proto" 2>/dev/null || ! git cat-file -e "$base:buf.yaml" 2>/dev/null; then
  echo "buf breaking: $base has no proto/ module (skipped)"; exit 0
fi
npx buf breaking --against ".git#ref=$(git rev-parse "$base")"
echo "buf breaking: no breaking change against $base ($(git rev-parse --short "$base"))"
