#!/usr/bin/env bash
# element_floods.sh: time and peak memory of `byline extract` on hostile pages of 16 MiB built
# of millions of tiny nodes (`x<br>`, `<p>`s, list items, table rows, links, comments), with
# one ordinary page of prose of the same size as the peer each binary is measured against; and
# of `byline feed` on 32 MiB feeds of empty elements and of tiny items, against a 32 MiB feed
# of 20,000 entries of prose.
# Several binaries side by side, e.g. a build before and after a change:
#
#   bench/element_floods.sh BYLINE [BYLINE...]
#
# Prints, per page and binary: wall seconds, peak RSS, and both as ratios to that binary's run
# on the page of prose.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BYLINE [BYLINE...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'EOF'
import os, random, sys
work = sys.argv[1]
size = 16 << 20
head = '<html><head><title>Flood</title></head><body><article><h1>Flood</h1><p>'
def write(name, unit, open_tag='', close_tag=''):
    n = (size - len(head) - 200) // len(unit)
    with open(os.path.join(work, name + '.html'), 'w') as f:
        f.write(head + 'The opening paragraph of the page.</p>' + open_tag + unit * n +
                close_tag + '</article></body></html>')
rnd = random.Random(1)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(3, 9)))
         for _ in range(20000)]
prose = ''.join('<p>' + ' '.join(rnd.choice(words) for _ in range(120)) + '.</p>\n'
                for _ in range(20000))
with open(os.path.join(work, 'prose.html'), 'w') as f:
    f.write(head + '</p>' + prose[:size - 200] + '</p></article></body></html>')
write('brs', 'x<br>', '<p>', '</p>')
write('paragraphs', '<p>word word word.</p>')
write('list-items', '<li><a href="/a">item</a></li>', '<ul>', '</ul>')
write('table-rows', '<tr><td>cell</td></tr>', '<table>', '</table>')
write('links', '<a href="/x">link</a> ')
write('comments', '<!-- c -->')
feed_size = 32 << 20
rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>'
def write_feed(name, body):
    with open(os.path.join(work, name + '.xml'), 'w') as f:
        f.write(rss + body[:feed_size - 200] + '</channel></rss>')
entry_words = ' '.join(rnd.choice(words) for _ in range(250))
write_feed('feed-prose', ''.join(f'<item><title>Entry {i}</title><link>https://e.example/{i}'
                                 f'</link><description>{entry_words}</description></item>'
                                 for i in range(20000)))
write_feed('feed-elements', '<item><title>First</title>' + '<x/>' * (feed_size // 4) + '</item>')
write_feed('feed-items', '<item><title>t</title></item>' * (feed_size // 29))
EOF
measure() {  # BIN COMMAND FILE -> "seconds kilobytes"
  /usr/bin/time -f '%e %M' -o "$work/time" "$1" "$2" "$3" --format json >/dev/null 2>&1 || true
  cat "$work/time"
}
printf '%-14s %-40s %8s %10s %8s %8s\n' page binary seconds 'peak MB' 'x time' 'x memory'
for bin in "$@"; do
  for group in "extract html prose brs paragraphs list-items table-rows links comments" \
               "feed xml feed-prose feed-elements feed-items"; do
    read -r command ext peer floods <<<"$group"
    measure "$bin" "$command" "$work/$peer.$ext" >/dev/null  # warm the page cache
    read -r base_s base_kb < <(measure "$bin" "$command" "$work/$peer.$ext")
    for page in $peer $floods; do
      read -r s kb < <(measure "$bin" "$command" "$work/$page.$ext")
      awk -v p="$page" -v b="$bin" -v s="$s" -v kb="$kb" -v bs="$base_s" -v bkb="$base_kb" \
        'BEGIN { printf "%-14s %-40s %8.2f %10.0f %8.1f %8.1f\n", p, b, s, kb / 1024,
                 s / (bs > 0 ? bs : 0.01), kb / bkb }'
    done
  done
done
