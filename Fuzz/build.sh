#!/bin/sh
# Builds one libFuzzer executable per reader into .build-fuzz/ (release, -sanitize=fuzzer,address).
# The library targets are built by SwiftPM in their own scratch path, so the normal build is not
# touched; each fuzz target is then compiled with swiftc and linked against their objects.
# Usage: Fuzz/build.sh [target…]   (default: every file in Fuzz/Targets)
set -eu
cd "$(dirname "$0")/.."
SCRATCH=.build-fuzz
swift build -c release --scratch-path "$SCRATCH" --target MCIngest -Xswiftc -sanitize=fuzzer,address >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)"
OBJECTS="$(find "$BIN/MCModel.build" "$BIN/MCIngest.build" -name '*.o' | sort)"
TARGETS="${*:-$(ls Fuzz/Targets | sed 's/\.swift$//')}"
for target in $TARGETS; do
  rm -f "$SCRATCH/fuzz-$target"
  module="Fuzz_$(echo "$target" | tr -c 'A-Za-z0-9\n' '_')"
  # shellcheck disable=SC2086
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "$module" \
    -I "$BIN/Modules" -I "$BIN" \
    -Xcc -fmodule-map-file=Sources/CLibCSV/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CLibZ/module.modulemap \
    $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
    Fuzz/FuzzInput.swift "Fuzz/Targets/$target.swift" $OBJECTS \
    -lcsv -lxml2 -lz -o "$SCRATCH/fuzz-$target" 2>&1 | grep -v 'Cannot export local symbol' >&2 || true
  if [ ! -x "$SCRATCH/fuzz-$target" ]; then echo "fuzz-$target did not build" >&2; exit 1; fi
  echo "$SCRATCH/fuzz-$target"
done
