#!/usr/bin/env bash
# The HTML report of two committed baselines (1080p and 4K cursor blink: cost
# per platform and policy, breakdown, amplification, and cost against the
# buffer height) opened in headless Chromium: no console error, no network,
# every chart visible; the screenshot is kept next to the report.
#   render_report.sh COHSIM OUT_DIR
set -euo pipefail
cohsim="$1"
out="$2"
here="$(cd "$(dirname "$0")" && pwd)"
baselines="$here/../../results/baselines"
mkdir -p "$out"
"$cohsim" report "$baselines/vgem-2015-1080p-cursor.json" "$baselines/vgem-2015-4k-cursor.json" -o "$out/report.html"
# 3 charts per file and the sweep chart.
exec /usr/bin/python3 "$here/render_html.py" "$out/report.html" "$out/report-screenshot.png" --min-charts 7
