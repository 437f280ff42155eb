#!/usr/bin/env bash
# Reproduces the third-party files the web page serves (src/sitrep/serve/static/vendor/) from
# the npm registry with `npm pack`: the page loads nothing from the internet, so Leaflet, the
# TopoJSON decoder and the country outlines ship inside the package, each with its license.
#
#   bash scripts/vendor_web_assets.sh          # rewrite the vendored files
#   bash scripts/vendor_web_assets.sh --check  # fail if they differ from the registry's
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4          # BSD-2-Clause
TOPOJSON_CLIENT=3.1.0  # ISC
WORLD_ATLAS=2.0.2      # ISC; the outlines are Natural Earth 1:110m (public domain)

dest=src/sitrep/serve/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unpack() {  # name version -> $work/name/package
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
    mkdir -p "$work/$1"
    tar xzf "$work/$1-$2.tgz" -C "$work/$1"
}
unpack leaflet "$LEAFLET"
unpack topojson-client "$TOPOJSON_CLIENT"
unpack world-atlas "$WORLD_ATLAS"

out="$work/out"
mkdir -p "$out/leaflet" "$out/topojson-client" "$out/world-atlas"
cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" \
    "$work/leaflet/package/LICENSE" "$out/leaflet/"
# leaflet.js ends with a sourceMappingURL comment; the map is not shipped, so drop the comment
# rather than have browsers ask for a file that is not there.
sed -i '/^\/\/# sourceMappingURL=/d' "$out/leaflet/leaflet.js"
cp "$work/topojson-client/package/dist/topojson-client.min.js" \
    "$work/topojson-client/package/LICENSE" "$out/topojson-client/"
cp "$work/world-atlas/package/countries-110m.json" "$work/world-atlas/package/LICENSE" \
    "$out/world-atlas/"
printf 'leaflet %s\ntopojson-client %s\nworld-atlas %s\n' \
    "$LEAFLET" "$TOPOJSON_CLIENT" "$WORLD_ATLAS" > "$out/VERSIONS"

if [[ "${1:-}" == "--check" ]]; then
    diff -r "$out" "$dest" && echo "vendored web assets match the registry"
else
    rm -rf "$dest"
    mkdir -p "$(dirname "$dest")"
    cp -r "$out" "$dest"
    echo "wrote $dest"
fi
