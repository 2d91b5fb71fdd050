#!/usr/bin/env bash
# search_snippets.sh: what a page of search results costs when the hits are long articles.
# Indexes 40 articles of 1 MiB of made-up prose and, as the peer, 40 of 8 KiB, then times
# `byline search QUERY --limit 40` over each with several binaries side by side, e.g. a build
# before and after a change:
#
#   bench/search_snippets.sh BYLINE [BYLINE...]
#
# Prints, per binary and query: seconds for the long articles, for the short ones, and the ratio.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BYLINE [BYLINE...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, os, random, sys
work = sys.argv[1]
rnd = random.Random(1)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(3, 10)))
         for _ in range(30000)]
weights = [1.0 / (i + 1) for i in range(len(words))]
def prose(size, i):
    out, total = [], 0
    while total < size:
        p = ' '.join(rnd.choices(words, weights, k=90)).capitalize() + '.'
        # The query words, somewhere in each article: once early, once together late.
        if len(out) == 3: p += ' The storage controller shipped.'
        if total > size * 0.8 and i % 2 == 0 and 'quarterly' not in ''.join(out[-3:]):
            p += ' Quarterly storage revenue rose.'
        out.append(p)
        total += len(p) + 2
    return '\n\n'.join(out)
for name, size in (('long', 1 << 20), ('short', 8 << 10)):
    with open(os.path.join(work, name + '.jsonl'), 'w') as f:
        for i in range(40):
            f.write(json.dumps({'id': f'{name}-{i}', 'title': f'Article {i}',
                                'body': prose(size, i)}) + '\n')
PY
for bin in "$@"; do
  for name in long short; do
    "$bin" -q --db "$work/$name-$(basename "$(dirname "$(dirname "$bin")")")" index "$work/$name.jsonl"
  done
done
for bin in "$@"; do
  tag=$(basename "$(dirname "$(dirname "$bin")")")
  for query in storage 'quarterly storage' 'title:article' 'stor*'; do
    t=()
    for name in long short; do
      s=$(date +%s.%N)
      "$bin" --db "$work/$name-$tag" search "$query" --limit 40 --format json >/dev/null
      t+=("$(echo "$(date +%s.%N) - $s" | bc)")
    done
    printf '%-24s %-20s long %6.2f s  short %6.2f s  ratio %5.1fx\n' "$bin" "'$query'" \
      "${t[0]}" "${t[1]}" "$(echo "${t[0]} / ${t[1]}" | bc -l)"
  done
done
