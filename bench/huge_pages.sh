#!/usr/bin/env bash
# huge_pages.sh: time and peak memory of `byline crawl` on a hostile feed whose entries all link
# to a 15 MiB page of prose (local file:// pages, so only byline's own work is measured).
# Several binaries side by side, e.g. a build before and after a change:
#
#   bench/huge_pages.sh [--entries N (60)] [--page-mib M (15)] BYLINE [BYLINE...]
#
# Prints, per binary: wall seconds, peak RSS, and the crawl's summary (added / deferred).
set -euo pipefail
entries=60
page_mib=15
while [ $# -ge 2 ]; do
  case "$1" in
    --entries) entries=$2; shift 2 ;;
    --page-mib) page_mib=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--entries N] [--page-mib M] BYLINE [BYLINE...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$entries" "$page_mib" <<'EOF'
import os, random, sys
work, n, mib = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rnd = random.Random(1)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(3, 9)))
         for _ in range(20000)]
with open(os.path.join(work, 'page.html'), 'w') as f:
    f.write('<html><head><title>Huge</title></head><body><article><h1>Huge page</h1>')
    size = 0
    while size < mib * (1 << 20):
        p = '<p>' + ' '.join(rnd.choice(words) for _ in range(120)) + '.</p>\n'
        f.write(p)
        size += len(p)
    f.write('</article></body></html>')
items = []
for i in range(n):
    os.symlink('page.html', os.path.join(work, f'p{i}.html'))
    items.append(f'<item><title>Item {i}</title><link>file://{work}/p{i}.html</link>'
                 f'<guid>g{i}</guid><description>short</description></item>')
with open(os.path.join(work, 'feed.xml'), 'w') as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
            '<link>http://example.com/</link>' + ''.join(items) + '</channel></rss>')
EOF
for bin in "$@"; do
  rm -rf "$work/index"
  echo "== $bin ($entries entries, $page_mib MiB each)"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" --db "$work/index" crawl "$work/feed.xml" 2>&1
done
