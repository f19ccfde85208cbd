#!/usr/bin/env bash
# Installs the pinned front-end packages and copies what the pages use into reviewdesk/static/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "npm is needed for the front-end assets: install Node.js and npm, then run the command again." >&2; exit 1; }
npm install --no-package-lock --silent
out=reviewdesk/static/vendor
rm -rf "$out"
mkdir -p "$out/govuk" "$out/htmx"
dist=node_modules/govuk-frontend/dist/govuk
cp -r "$dist/assets" "$out/govuk/assets"
# The stylesheet looks for /assets/ at the site root; ours live under /static/vendor/govuk/assets/.
# Review Desk is not a gov.uk-domain service, so GDS Transport is replaced by Arial.
# The sourceMappingURL comments go: the stylesheet's map no longer matches the file once it is
# rewritten here, and collectstatic's manifest storage (production) refuses a file that names a
# map it cannot find. We ship no source maps (neither file is ours to debug).
sed -e 's#url(/assets/#url(/static/vendor/govuk/assets/#g' \
    -e "s#GDS Transport,arial#arial#g" \
    -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
    "$dist/govuk-frontend.min.css" > "$out/govuk/govuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' \
    "$dist/govuk-frontend.min.js" > "$out/govuk/govuk-frontend.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/htmx.min.js"
touch "$out/.built"
echo "Front-end assets ready in $out"
