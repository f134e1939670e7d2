#!/usr/bin/env bash
# Rebuilds central-asia-cve.ron from the seed documents (seeds/), the codebook outline
# (codebook.md) and the coded passages (codings.tsv), using only the coda command line.
# Run from anywhere: sample_projects/build.sh
set -euo pipefail
cd "$(dirname "$0")"
coda() { cargo run --release --quiet -- "$@"; }
# Fixed timestamps, so that a rebuild differs from the committed file only in its ids.
export SOURCE_DATE_EPOCH=1795000000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project=$work/central-asia-cve.ron
coda new "$project" --name "Violent extremism in Central Asia" --coder "Aigerim" --codebook codebook.md
coda add-document "$project" seeds/000_38834240a7655f99.txt
coda add-document "$project" --reflow seeds/001_8acdebc4dfc70d30.txt
coda add-document "$project" seeds/002_a53f905ed1d174a2.txt seeds/003_2441cd64ad2c0a4f.txt seeds/004_6008982b3c3d21b7.txt
coda import-codings "$project" codings.tsv
coda validate "$project"
mv "$project" central-asia-cve.ron
coda stats central-asia-cve.ron
