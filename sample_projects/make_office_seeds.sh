#!/usr/bin/env bash
# Makes the sample project's Word and PDF documents from two of the seed texts with LibreOffice
# (a real program writing real files, as researchers' files are written), so that the sample
# shows Word import and a PDF's page numbers:
#   seeds/002_a53f905ed1d174a2.docx  LibreOffice Writer's "MS Word 2007 XML" export of 002's text
#   seeds/003_2441cd64ad2c0a4f.pdf   LibreOffice Writer's PDF export of 003's text (4 pages)
# Each line of a .txt becomes a paragraph in Writer. The committed files were made with
# LibreOffice 7.4.7.2 on Debian (`soffice --version`); run this to remake them, then build.sh.
set -euo pipefail
cd "$(dirname "$0")/seeds"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A profile of its own, so that a running LibreOffice or the user's settings play no part.
lo() { soffice -env:UserInstallation=file://"$work"/profile --headless "$@"; }
lo --convert-to 'docx:MS Word 2007 XML' --outdir "$work" 002_a53f905ed1d174a2.txt
lo --convert-to pdf --outdir "$work" 003_2441cd64ad2c0a4f.txt
mv "$work"/002_a53f905ed1d174a2.docx "$work"/003_2441cd64ad2c0a4f.pdf .
