#!/usr/bin/env bash
# Builds the DocC documentation of every mcstat module into .build/docs (static HTML), with the
# architecture page (docs/architecture.md) as its landing article and the operators', analysts'
# and deployment guides as articles beside it. Symbol graphs are extracted from the debug build's
# modules (run `swift build` first; `make test` does), internal symbols included: the readers are
# the project's maintainers. Fails when docc fails; prints how many warnings it gave.
set -euo pipefail
cd "$(dirname "$0")/.."
modules="MCModel MCIngest MCNormalize MCStore MCAggregate MCReport MCPipeline MCServe"
build=.build/x86_64-unknown-linux-gnu/debug
# The PostgreSQL store, when the build has it (the PostgreSQL trait, as `make` builds).
if [ -f "$build/Modules/MCStorePostgres.swiftmodule" ]; then modules="$modules MCStorePostgres"; fi
graphs=.build/docs-symbol-graphs
catalog=.build/docs-catalog/mcstat.docc
rm -rf "$graphs" "$catalog" .build/docs
mkdir -p "$graphs" "$catalog"

# The C modules of the package and its dependencies, so that each module's imports resolve.
flags=()
while IFS= read -r map; do flags+=(-Xcc "-fmodule-map-file=$PWD/$map"); done < <(
  find "$build" -maxdepth 2 -name module.modulemap
  find .build/checkouts -path '*/Sources/*' -name module.modulemap ! -path '*SQLCipher*'
  ls Sources/C*/module.modulemap)
while IFS= read -r include; do flags+=(-Xcc "-I$PWD/$include"); done < <(find .build/checkouts -type d -path '*/Sources/*/include')
flags+=($(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g'))
for module in $modules; do
  swift symbolgraph-extract -module-name "$module" -I "$build/Modules" -target "$(uname -m)-unknown-linux-gnu" \
    -output-dir "$graphs" -minimum-access-level internal "${flags[@]}"
done

# The landing article is the architecture page itself (one source), marked as the root; a link
# to a guide becomes a link to its article.
links='s/\(screenshots\//(/g; s/\[[^]]*\]\(architecture\.md\)/<doc:mcstat>/g; s/\[[^]]*\]\(([a-z]+)\.md\)/<doc:\1>/g'
awk 'NR == 1 { print; print ""; print "@Metadata {"; print "  @TechnologyRoot"; print "}"; next } { print }' \
  docs/architecture.md | sed -E "$links" > "$catalog/mcstat.md"
{ printf '\n## Topics\n\n### Guides\n\n- <doc:operators>\n- <doc:analysts>\n- <doc:deploy>\n\n### Modules\n\n'
  for module in $modules; do printf -- '- ``%s``\n' "$module"; done; } >> "$catalog/mcstat.md"
for guide in operators analysts deploy; do
  sed -E "$links" "docs/$guide.md" > "$catalog/$guide.md"
done
if [ -d docs/screenshots ]; then mkdir -p "$catalog/Resources" && cp docs/screenshots/*.png "$catalog/Resources/"; fi

log=.build/docs-build.log
docc convert "$catalog" --additional-symbol-graph-dir "$graphs" --output-path .build/docs \
  --fallback-display-name mcstat --fallback-bundle-identifier org.mcstat.docs > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
echo "docs: .build/docs ($(grep -c '^warning' "$log" || true) warnings, see $log)"
