#!/usr/bin/env bash
# export_rebuild.sh: what `byline export` and `byline rebuild` cost, beside `byline index` of the
# same articles (the peer: rebuild analyses every article again, as indexing does).
# Makes N articles of made-up prose (default 20,000) and M long ones of 1.1 MiB (default 100),
# then for each set prints seconds and peak RSS of: index (into a new directory), export, and
# rebuild, with the ratios to index; and `export 'date:2025'` (half the articles, every other
# one, are of 2025) with its ratios to the whole export.
#
#   bench/export_rebuild.sh BYLINE [N] [M]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BYLINE [N] [M]" >&2; exit 2; }
byline=$(readlink -f "$1")
n=${2:-20000}
m=${3:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$n" "$m" <<'PY'
import json, random, sys
work, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(1)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(3, 10)))
         for _ in range(20000)]
def text(k):
    return ' '.join(rnd.choice(words) for _ in range(k))
with open(f'{work}/small.jsonl', 'w') as f:
    for i in range(n):
        f.write(json.dumps({'id': f's{i}', 'title': text(8), 'body': text(400),
                            'url': f'https://small.example/{i}',
                            'published': f'{2024 + i % 2}-06-01T00:00:00Z'}) + '\n')
with open(f'{work}/long.jsonl', 'w') as f:
    for i in range(m):
        f.write(json.dumps({'id': f'l{i}', 'title': text(8), 'body': text(170000),
                            'url': f'https://long.example/{i}',
                            'published': f'{2024 + i % 2}-06-01T00:00:00Z'}) + '\n')
PY
run() {  # label, then the command; prints "label  S s  R MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r s kb <"$work/t"
  printf '%s %s\n' "$s" "$kb"
}
for set in small long; do
  rm -rf "$work/db"
  read -r is ik < <(run index "$byline" --db "$work/db" index "$work/$set.jsonl")
  read -r es ek < <(run export "$byline" --db "$work/db" export)
  read -r qs qk < <(run export "$byline" --db "$work/db" export date:2025)
  read -r rs rk < <(run rebuild "$byline" --db "$work/db" rebuild)
  count=$("$byline" --db "$work/db" stats --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
  # A mirror's sync after half the articles went: prune (each removal remembered), then
  # `export --since` (the removals only), beside the whole export.
  since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  read -r ps pk < <(run prune "$byline" --db "$work/db" prune --before 2025-01-01)
  read -r ss sk < <(run since "$byline" --db "$work/db" export --since "$since")
  removals=$("$byline" --db "$work/db" export --since "$since" | grep -c '"removed"' || true)
  awk -v set="$set" -v c="$count" -v is="$is" -v ik="$ik" -v es="$es" -v ek="$ek" -v rs="$rs" -v rk="$rk" -v qs="$qs" -v qk="$qk" -v ps="$ps" -v pk="$pk" -v ss="$ss" -v sk="$sk" -v rm="$removals" 'BEGIN {
    printf "%-5s %6d articles  index %6.2f s %5.0f MB | export %6.2f s %5.0f MB (%.2fx time, %.2fx RSS) | rebuild %6.2f s %5.0f MB (%.2fx time, %.2fx RSS)\n",
      set, c, is, ik/1024, es, ek/1024, es/is, ek/ik, rs, rk/1024, rs/is, rk/ik
    printf "%-5s export date:2025 (half) %6.2f s %5.0f MB (%.2fx time, %.2fx RSS of the whole export)\n",
      set, qs, qk/1024, qs/es, qk/ek
    printf "%-5s prune of half %6.2f s %5.0f MB (%.2fx the index time) | export --since then: %d removals %6.2f s %5.0f MB (%.2fx time of the whole export)\n",
      set, ps, pk/1024, ps/is, rm, ss, sk/1024, ss/es }'
done
