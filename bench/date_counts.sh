#!/usr/bin/env bash
# date_counts.sh: the count and the time of date-range searches, several binaries side by side
# (e.g. a build before and after a change) on one index of N generated records, a third of them
# dated 2010 and the rest 2020, and after a prune of the 2010 ones.
#
#   bench/date_counts.sh [--records N (36000)] BYLINE [BYLINE...]
#
# Prints, per binary and query: the count the search reports (the truth is in the heading) and
# the mean wall time of 5 runs, process start included.
set -euo pipefail
records=36000
if [ "${1:-}" = "--records" ]; then
  records=$2
  shift 2
fi
[ $# -ge 1 ] || { echo "usage: $0 [--records N] BYLINE [BYLINE...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/records.jsonl" "$records" <<'EOF2'
import json, random, sys
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
words = ['chip', 'battery', 'lunar', 'rover', 'market', 'stock', 'apple', 'recall', 'fab', 'drone']
with open(path, 'w') as f:
    for i in range(n):
        year = 2010 if i < n // 3 else 2020
        day = 1 + i % 28
        f.write(json.dumps({'id': f'r{i}', 'url': f'https://e{i % 50}.example/{i}',
                            'title': f'Story {i} ' + ' '.join(rnd.choices(words, k=3)),
                            'body': ' '.join(rnd.choices(words, k=60)) + '.',
                            'published': f'{year}-06-{day:02d}T00:00:00Z'}) + '\n')
EOF2
"$1" --db "$work/index" index -q "$work/records.jsonl" >/dev/null
old=$((records / 3))
run() {  # label, then the searches
  local label=$1
  echo "== $label (the truth: 2010 has $old before the prune, 0 after; 2020 has $((records - old)))"
  for bin in "${@:2}"; do
    for q in 'date:..2014' 'date:2020' 'date:2010..2025' 'apple date:2020'; do
      local start end total
      start=$(date +%s%N)
      for _ in 1 2 3 4 5; do
        "$bin" --db "$work/index" search "$q" --limit 0 --format json >"$work/out.json"
      done
      end=$(date +%s%N)
      total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_estimate"])' \
        "$work/out.json")
      printf '%-40s %-18s count %-7s %4d ms\n' "$bin" "$q" "$total" $(((end - start) / 5000000))
    done
  done
}
run "before the prune" "$@"
"$1" --db "$work/index" prune --before 2015-01-01 >/dev/null
run "after the prune" "$@"
