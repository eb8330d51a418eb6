#!/usr/bin/env python3
"""Writes the desktop benchmark's figures into docs/BENCHMARKS.md, between its own markers.

Only the measured module's section is touched ("Desktop: orders table" or "Desktop: product
list"): the rest of the file (other benchmarks' sections) stays as it is. One subsection per
dataset size; a new run replaces that size's block and keeps the others.
"""
import json
import os
import platform
import re
import subprocess
import sys

result = json.loads(sys.argv[1])
path = sys.argv[2]
text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"

MODULE = result.get("module", "orders")
ORDERS_HEADING = "## Desktop: orders table: `bench/desktop/run`"
ORDERS_INTRO = """
```
bench/desktop/run [--orders 1000000] [--rows 200000] [--build-dir build/orders] [--no-docs]
```

The real Orders page (`widgets/orders`, the same library the app links) runs offscreen in a
small executable (`bench/desktop/main.cpp`) against opsdesk-server and a private PostgreSQL
(`var/bench/desktop-pg`) seeded once with `opsdesk-server seed --orders N`. It measures:

- **first rows**: from constructing the Orders page (the moment a person opens the module) to
  the first frame painted with order rows in the table (the viewport's paint event after the
  first page arrived), with the default filter (newest first) and `limit=200`;
- **longest UI stall while scrolling**: the table is scrolled to its end again and again (as a
  person holding Page Down / dragging to the bottom would), so `fetchMore` pulls page after page
  until the model holds `rows` rows; a 5 ms heartbeat timer records the largest gap between
  its ticks (minus its period), i.e. the longest time the UI thread could not react;
- **resident memory** (VmRSS of the process, /proc/self/status) after that scroll, and the
  peak (VmHWM); plus how many orders the model still keeps (the bounded window: 10 pages of
  200; the rest of the 200,000 rows are placeholders that remember one cursor per page).

Each run restarts PostgreSQL, so the first page meets a cold database cache: most of "first
rows" is the server answering the first page (keyset query plus the `total_estimate` count and
plan); the client's own share is the difference between the two figures.

Targets from the issue: first rows < 300 ms at 10M orders, stall < 50 ms, RSS < 300 MB.
"""

CATALOG_HEADING = "## Desktop: product list: `bench/desktop/run --module catalog`"
CATALOG_INTRO = """
```
bench/desktop/run --module catalog [--products 100000] [--rows 20000] [--build-dir build/orders] [--no-docs]
```

The same executable (`bench/desktop/main.cpp`) opens the real Catalog page (`widgets/catalog`:
the category tree, the filter bar, the lazy product list and the editor beside it) offscreen
against opsdesk-server and a private PostgreSQL seeded once with `opsdesk-server seed --products
N` (N products of one to four variants each, with stock, prices and categories). First rows,
the scroll's longest stall and memory are measured as for the orders table above; the list
shows the last changed products first with the default filter (every status), 100 rows a page.

Target from the issue (#14): product list first rows at 100,000 products under 300 ms.
"""

if MODULE == "catalog":
    HEADING, INTRO, noun, marker = CATALOG_HEADING, CATALOG_INTRO, "products", "bench/desktop catalog"
    targets = ("< 300 ms", "—", "—")
else:
    HEADING, INTRO, noun, marker = ORDERS_HEADING, ORDERS_INTRO, "orders", "bench/desktop"
    targets = ("< 300 ms", "< 50 ms", "< 300 MB")

machine = "{} cores, {} ({})".format(
    os.cpu_count(), platform.processor() or platform.machine(), platform.platform())
try:
    model = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    mem = [l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")][0]
    machine = "{} × {}, {:.0f} GiB RAM".format(os.cpu_count(), model, int(mem) / 1048576)
except Exception:
    pass
load = open("/proc/loadavg").read().split()[:3]

size = result.get("dataset", result.get("dataset_orders", 0))
label = "{:,}".format(size)
begin = "<!-- {} {}: begin (written by bench/desktop/run; edits here are overwritten) -->".format(marker, size)
end = "<!-- {} {}: end -->".format(marker, size)
block = """{begin}
### {label} {noun} ({date})

Machine: {machine}; load average at the start {load} (the machine was shared with other builds
and benchmarks). Server: opsdesk-server {build} build, same machine, loopback.

| what | result | target |
|---|---|---|
| first rows painted after opening the module | {first:.0f} ms (first page answered after {firstpage:.0f} ms) | {t0} |
| longest UI-thread stall while scrolling {rows:,} rows | {stall:.1f} ms (p99 heartbeat gap {p99:.1f} ms; {pages} pages fetched in {scroll:.1f} s) | {t1} |
| resident memory after the scroll | {rss:.0f} MB (peak {hwm:.0f} MB; {kept:,} {noun} kept in the model) | {t2} |
| back to the top after the scroll (its dropped page fetched again) | {back:.0f} ms | — |

```json
{json}
```
{end}""".format(begin=begin, end=end, label=label, date=result["date"], machine=machine,
                load=" ".join(load), build=result.get("build", "RelWithDebInfo"),
                first=result["first_rows_ms"], firstpage=result["first_page_ms"],
                rows=result["rows_scrolled"], stall=result["max_stall_ms"],
                p99=result["p99_gap_ms"], pages=result["pages_fetched"],
                scroll=result["scroll_seconds"], back=result.get("back_to_top_ms", 0), rss=result["rss_mb"], hwm=result["hwm_mb"],
                kept=result.get("rows_kept", result.get("orders_kept", 0)), noun=noun,
                t0=targets[0], t1=targets[1], t2=targets[2], json=json.dumps(result, indent=1))

if HEADING not in text:
    text = text.rstrip("\n") + "\n\n" + HEADING + "\n" + INTRO + "\n" + block + "\n"
else:
    start = text.index(HEADING)
    nxt = text.find("\n## ", start + len(HEADING))
    section = text[start:] if nxt < 0 else text[start:nxt + 1]
    if begin in section:
        section = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, section, flags=re.S)
    else:
        section = section.rstrip("\n") + "\n\n" + block + "\n"
    text = text[:start] + section + ("" if nxt < 0 else text[nxt + 1:])
open(path, "w", encoding="utf-8").write(text)
