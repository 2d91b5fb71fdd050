#!/usr/bin/env bash
# big_inputs.sh: time and peak memory of `byline index` on big local inputs: a directory of N
# text files of 1.3 MB of prose each, a JSON Lines file of 45 such records (63 MB, under the
# 64 MiB input cap), and one record of 60 MB (an export with no cap of its own). Several
# binaries side by side, e.g. a build before and after a change:
#
#   bench/big_inputs.sh [--files N (64)] BYLINE [BYLINE...]
#
# Prints, per binary and input: wall seconds, peak RSS, and the index summary.
set -euo pipefail
files=64
if [ "${1:-}" = "--files" ]; then
  files=$2
  shift 2
fi
[ $# -ge 1 ] || { echo "usage: $0 [--files N] BYLINE [BYLINE...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$files" <<'EOF2'
import json, os, random, sys
work, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
# Zipf-like draws from 30,000 made-up words: a news text's spread of common and rare terms.
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(3, 10)))
         for _ in range(30000)]
weights = [1.0 / (i + 1) for i in range(len(words))]
def prose(size):
    out, total = [], 0
    while total < size:
        p = ' '.join(rnd.choices(words, weights, k=90)).capitalize() + '.'
        out.append(p)
        total += len(p) + 2
    return '\n\n'.join(out)
os.mkdir(os.path.join(work, 'files'))
texts = [f'Big story {i}\n\n' + prose(1_300_000) for i in range(n)]
for i, t in enumerate(texts):
    with open(os.path.join(work, 'files', f'{i:04d}.txt'), 'w') as f:
        f.write(t)
with open(os.path.join(work, 'records.jsonl'), 'w') as f:
    for i in range(45):
        f.write(json.dumps({'id': f'big-{i}', 'title': f'Big record {i}',
                            'body': texts[i % n]}) + '\n')
with open(os.path.join(work, 'one.jsonl'), 'w') as f:
    body = '\n\n'.join(texts[i % n] for i in range(46))[:60_000_000]
    f.write(json.dumps({'id': 'one', 'title': 'One record', 'body': body}) + '\n')
EOF2
for bin in "$@"; do
  for input in files records.jsonl one.jsonl; do
    rm -rf "$work/index"
    echo "== $bin: index $input"
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" --db "$work/index" index "$work/$input" 2>&1
  done
done
