#!/usr/bin/env bash
# Refresh the JavaScript libraries the web UI vendors into src/hadath/web/static/vendor/.
#
# The UI must work air-gapped, so nothing is loaded from a CDN at run time: the
# minified builds are copied here from the npm packages, with their licence texts.
# To upgrade, change a version below, run this script from the repository root,
# look at the UI (hadath serve) and commit the changed files.
#
#   chart.js   MIT         time charts on the event explorer and actor pages
#   cytoscape  MIT         the counterpart network on actor pages
set -euo pipefail

CHARTJS_VERSION=4.6.1
CYTOSCAPE_VERSION=3.35.0

cd "$(dirname "${BASH_SOURCE[0]}")/.."
dest=src/hadath/web/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION: unpack the npm tarball into $work/NAME
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
    mkdir -p "$work/$1"
    tar -xzf "$work/$1-$2.tgz" -C "$work/$1" --strip-components=1
}

mkdir -p "$dest"
fetch chart.js "$CHARTJS_VERSION"
cp "$work/chart.js/dist/chart.umd.min.js" "$dest/chart.umd.min.js"
cp "$work/chart.js/LICENSE.md" "$dest/chart.js.LICENSE.md"

fetch cytoscape "$CYTOSCAPE_VERSION"
cp "$work/cytoscape/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$work/cytoscape/LICENSE" "$dest/cytoscape.LICENSE"

cat > "$dest/VERSIONS" <<VERSIONS
# Vendored by scripts/vendor_web.sh from the npm registry; licences beside each file.
chart.js $CHARTJS_VERSION MIT dist/chart.umd.min.js
cytoscape $CYTOSCAPE_VERSION MIT dist/cytoscape.min.js
VERSIONS
echo "vendored into $dest:"
ls -l "$dest"
