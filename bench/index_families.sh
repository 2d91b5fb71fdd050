#!/usr/bin/env bash
# index_families.sh: how `byline index` time grows with a family of near-identical stories
# (templated reports that differ in a number: every one shares SimHash bands with the others),
# beside a peer of as many unrelated stories, at N and 2N records. Per binary and input: wall
# seconds, and the 2N/N ratio (about 2 is linear, 4 quadratic). Several binaries side by side,
# e.g. a build before and after a change:
#
#   bench/index_families.sh [--records N (10000)] BYLINE [BYLINE...]
set -euo pipefail
n=10000
if [ "${1:-}" = "--records" ]; then
  n=$2
  shift 2
fi
[ $# -ge 1 ] || { echo "usage: $0 [--records N] BYLINE [BYLINE...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$n" <<'EOF2'
import json, os, random, sys
work, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(3, 9)))
         for _ in range(20000)]
for size in (n, 2 * n):
    with open(os.path.join(work, f'family-{size}.jsonl'), 'w') as f:
        for i in range(size):
            body = (f'The company said on Monday that story {i} was about chips and memory and '
                    'the market for them. ') * 3
            f.write(json.dumps({'url': f'https://family.example/a/{i}',
                                'title': f'Story number {i} about chips', 'body': body}) + '\n')
    with open(os.path.join(work, f'peer-{size}.jsonl'), 'w') as f:
        for i in range(size):
            body = ' '.join(rnd.choice(words) for _ in range(60)) + '.'
            f.write(json.dumps({'url': f'https://peer.example/a/{i}',
                                'title': ' '.join(rnd.choice(words) for _ in range(6)),
                                'body': body}) + '\n')
EOF2
seconds() {  # BYLINE FILE: wall seconds of indexing FILE into a new index
  rm -rf "$work/idx"
  local t0 t1
  t0=$(date +%s.%N)
  "$1" --quiet --db "$work/idx" index "$2" >/dev/null
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.2f}')"
}
printf '%-40s %-8s %8s %8s %8s\n' binary input "N s" "2N s" "2N/N"
for bin in "$@"; do
  for kind in peer family; do
    a=$(seconds "$bin" "$work/$kind-$n.jsonl")
    b=$(seconds "$bin" "$work/$kind-$((2 * n)).jsonl")
    printf '%-40s %-8s %8s %8s %8s\n' "$bin" "$kind" "$a" "$b" \
      "$(python3 -c "print(f'{$b / $a:.2f}')")"
  done
done
