#!/usr/bin/env bash
# Rebuilds the sample projects from the seed documents (seeds/), the codebook outline
# (codebook.md; 002 and 003 as the Word and PDF files make_office_seeds.sh writes with
# LibreOffice) and each coder's coded passages, using only the coda command line:
#   central-asia-cve.ron          Aigerim's coding (codings.tsv)
#   central-asia-cve-coder-b.ron  Bakyt's independent coding of the same texts (coder-b-codings.tsv)
# Each coder's file is built on its own, as two coders working apart would build theirs: the
# documents are the same (same content hashes), the ids differ.
# Run from anywhere: sample_projects/build.sh
set -euo pipefail
cd "$(dirname "$0")"
# $CODA: a coda binary to use instead of building the release one.
coda() { if [ -n "${CODA:-}" ]; then "$CODA" "$@"; else cargo run --release --quiet -- "$@"; fi; }
# Fixed timestamps, so that a rebuild differs from the committed files only in their ids.
export SOURCE_DATE_EPOCH=1795000000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() {
  local out=$1 coder=$2 codings=$3
  local project=$work/$out
  coda new "$project" --name "Violent extremism in Central Asia" --coder "$coder" --codebook codebook.md
  coda add-document "$project" seeds/000_38834240a7655f99.txt
  coda add-document "$project" --reflow seeds/001_8acdebc4dfc70d30.txt
  # 002 as a Word file and 003 as a PDF, both written by LibreOffice (make_office_seeds.sh).
  coda add-document "$project" seeds/002_a53f905ed1d174a2.docx seeds/003_2441cd64ad2c0a4f.pdf seeds/004_6008982b3c3d21b7.txt
  coda import-codings "$project" "$codings"
  coda validate "$project"
  mv "$project" "$out"
  coda stats "$out"
}

build central-asia-cve.ron Aigerim codings.tsv
build central-asia-cve-coder-b.ron Bakyt coder-b-codings.tsv
# What Bakyt coded (docs/AGREEMENT.md compares the coders on it alone): four documents whole, and
# of the conference volume 001 one article (Inga Sikorskaia's, between two "***" separators).
for doc in 000_38834240a7655f99.txt 002_a53f905ed1d174a2.docx 003_2441cd64ad2c0a4f.pdf 004_6008982b3c3d21b7.txt; do
  coda coverage central-asia-cve-coder-b.ron --coder Bakyt --document "$doc"
done
coda coverage central-asia-cve-coder-b.ron --coder Bakyt --document 001_8acdebc4dfc70d30.txt --range 245890..286501
