#!/usr/bin/env bash
# Renders the hand-written SVG icons to the PNGs the application embeds (Qt's SVG module is not
# a dependency). Needs rsvg-convert (Debian: librsvg2-bin). Run after editing an SVG.
set -euo pipefail
cd "$(dirname "$0")/icons"
mkdir -p png
for svg in *.svg; do
  name=${svg%.svg}
  if [ "$name" = opsdesk ]; then sizes="16 32 64 128 256"; else sizes="20 40"; fi
  for s in $sizes; do
    rsvg-convert -w "$s" -h "$s" "$svg" -o "png/${name}-${s}.png"
  done
done
