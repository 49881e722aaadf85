#!/bin/bash
# Runs the release binary on every file of tests/strange/files and prints one Markdown table
# row per file: size, exit code, peak RSS, wall time, the first line of output (or the crash).
# Each run is capped (timeout 60 s, ulimit -v 4 GB) so that the hostile files cannot hurt the
# machine. Usage, from the repository root, after `cargo build --release`:
#
#     tests/strange/current.sh [FILE...]
set -u
export LC_ALL=C.UTF-8  # ${var:0:n} counts characters, not bytes
cd "$(dirname "$0")/../.."
bin=${ZAKRILA:-target/release/zakrila}  # or another build: ZAKRILA=path/to/zakrila
config=samples/ruse-2025/programme.toml
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(tests/strange/files/*)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
echo "| file | size (bytes) | exit | peak RSS | time | summary, or the crash | first finding |"
echo "| --- | ---: | ---: | ---: | ---: | --- | --- |"
for f in "${files[@]}"; do
    out=$( { ulimit -v 4000000; /usr/bin/time -f "%M %e" -o "$tmp" \
        timeout 60 "$bin" --lang en validate --config "$config" "$f"; } 2>&1 )
    rc=$?
    read -r rss secs < <(tail -n 1 "$tmp")
    lines=$(printf '%s\n' "$out" | grep -v -e '^$' -e '^thread ')
    first=$(printf '%s\n' "$lines" | head -n 1)
    finding=""
    if [[ $first == *" — "* ]]; then
        first=${first#* — }
        finding=$(printf '%s\n' "$lines" | sed -n 2p | sed -e 's/^ *//')
        [[ $finding == Total:* ]] && finding=""
    fi
    first=${first:0:110}
    finding=${finding:0:150}
    printf '| %s | %s | %s | %s MB | %s s | %s | %s |\n' "$(basename "$f")" \
        "$(stat -c %s "$f")" "$rc" "$((rss / 1024))" "$secs" "${first//|/\\|}" \
        "${finding//|/\\|}"
done
