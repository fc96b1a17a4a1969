#!/usr/bin/env bash
# Builds the structure references: every corpus document LibreOffice reads, converted by LibreOffice
# to .docx and that by pandoc to GitHub-flavoured Markdown.
#
#   bench/structure/references.sh [CORPUS_DOCS] [CACHE]
#
# CORPUS_DOCS defaults to ../shared/corpus/docs (next to the repository), CACHE to
# bench/structure/.cache (git-ignored: corpus-derived files are never committed). Writes
#   CACHE/docx/<source>/<name>.docx   LibreOffice's conversion (absent: LibreOffice could not read it)
#   CACHE/md/<source>/<name>.doc.md   pandoc -f docx -t gfm --wrap=none of that .docx
#   CACHE/failed.txt                  the documents LibreOffice did not convert
# Files already converted are kept, so an interrupted run resumes. Documents go to soffice in
# batches (one start-up per batch, far faster than one per file); a batch that times out is
# retried file by file, so one document that hangs LibreOffice costs only its own conversion.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
docs=$(cd "${1:-$here/../../../shared/corpus/docs}" && pwd) || { echo "references.sh: corpus not found" >&2; exit 2; }
cache=${2:-$here/.cache}
SOFFICE=${SOFFICE:-soffice}
BATCH=${BATCH:-20}
TIMEOUT=${TIMEOUT:-600}
command -v "$SOFFICE" >/dev/null || { echo "references.sh: soffice not found (apt-get install -y libreoffice-writer-nogui)" >&2; exit 2; }
command -v pandoc >/dev/null || { echo "references.sh: pandoc not found (apt-get install -y pandoc)" >&2; exit 2; }
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# One soffice run over the given files of one source folder, into CACHE/docx/<source>/.
convert() {
  local source=$1; shift
  mkdir -p "$cache/docx/$source"
  timeout "$TIMEOUT" "$SOFFICE" -env:UserInstallation="file://$profile" --headless \
    --convert-to 'docx:MS Word 2007 XML' --outdir "$cache/docx/$source" "$@" >/dev/null 2>&1
}

: >"$cache/failed.txt"
for dir in "$docs"/*/; do
  source=$(basename "$dir")
  todo=()
  for f in "$dir"*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    [ -f "$cache/docx/$source/${name%.*}.docx" ] || todo+=("$f")
  done
  for ((i = 0; i < ${#todo[@]}; i += BATCH)); do
    batch=("${todo[@]:i:BATCH}")
    echo "$source: converting ${#batch[@]} files ($((i + ${#batch[@]}))/${#todo[@]})"
    if ! convert "$source" "${batch[@]}"; then
      for f in "${batch[@]}"; do
        name=$(basename "$f")
        [ -f "$cache/docx/$source/${name%.*}.docx" ] || convert "$source" "$f" || true
      done
    fi
  done
  for f in "$dir"*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    docx="$cache/docx/$source/${name%.*}.docx"
    md="$cache/md/$source/$name.md"
    if [ ! -s "$docx" ]; then echo "$source/$name" >>"$cache/failed.txt"; continue; fi
    [ -f "$md" ] && [ "$md" -nt "$docx" ] && continue
    mkdir -p "$(dirname "$md")"
    pandoc -f docx -t gfm --wrap=none -o "$md" "$docx" 2>/dev/null || { rm -f "$md"; echo "$source/$name (pandoc)" >>"$cache/failed.txt"; }
  done
done
echo "references: $(find "$cache/md" -name '*.md' | wc -l) Markdown files in $cache/md; $(wc -l <"$cache/failed.txt") not converted (failed.txt)"
