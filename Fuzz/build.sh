#!/bin/sh
# Builds one libFuzzer executable per reader into .build-fuzz/ (release, -sanitize=fuzzer,address).
# The library targets are built by SwiftPM in their own scratch path, so the normal build is not
# touched; each fuzz target is then compiled with swiftc and linked against their objects. The
# readers' targets need MCIngest; `yaml` (pipeline files and profiles) needs MCPipeline and the
# packages it uses (Yams, GRDB, swift-crypto, swift-log), built the same way.
# Usage: Fuzz/build.sh [target…]   (default: every file in Fuzz/Targets)
set -eu
cd "$(dirname "$0")/.."
SCRATCH=.build-fuzz
TARGETS="${*:-$(ls Fuzz/Targets | sed 's/\.swift$//')}"
LIBRARY=MCIngest
for target in $TARGETS; do [ "$target" = yaml ] && LIBRARY=MCPipeline; done
swift build -c release --scratch-path "$SCRATCH" --target "$LIBRARY" -Xswiftc -sanitize=fuzzer,address >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)"
# The modules declare `package` access: the targets are compiled as part of their package, whose
# name SwiftPM derives from the checkout's folder (wt-csv gives wt_csv), read from its build plan.
PACKAGE_NAME="$(python3 -c 'import re, sys; s = open(sys.argv[1]).read(); print(re.search(r"\"-module-name\",\"MCModel\"(?:(?!\"-module-name\").)*?\"-package-name\",\"([^\"]+)\"", s, re.S).group(1))' "$SCRATCH/release.yaml")"
# MCPipeline and every module it depends on (their objects and the module maps of the C ones).
PIPELINE_MODULES="MCModel MCIngest MCNormalize MCStore MCAggregate MCReport MCPipeline Yams CYaml GRDB Crypto
  CCryptoBoringSSL CCryptoBoringSSLShims CryptoBoringWrapper Logging"
for target in $TARGETS; do
  rm -f "$SCRATCH/fuzz-$target"
  module="Fuzz_$(echo "$target" | tr -c 'A-Za-z0-9\n' '_')"
  if [ "$target" = yaml ]; then
    OBJECTS="$(for m in $PIPELINE_MODULES; do [ -d "$BIN/$m.build" ] && find "$BIN/$m.build" -name '*.o'; done | sort)"
    MAPS="$(for m in $PIPELINE_MODULES; do [ -f "$BIN/$m.build/module.modulemap" ] && echo "-Xcc -fmodule-map-file=$BIN/$m.build/module.modulemap"; done)
      $(find .build-fuzz/checkouts/GRDB.swift/Sources/GRDBSQLite -name module.modulemap | sed 's/^/-Xcc -fmodule-map-file=/')
      $(find .build-fuzz/checkouts/swift-crypto/Sources/CCryptoBoringSSL/include .build-fuzz/checkouts/swift-crypto/Sources/CCryptoBoringSSLShims/include \
          .build-fuzz/checkouts/Yams/Sources/CYaml/include -name module.modulemap 2>/dev/null | sed 's/^/-Xcc -fmodule-map-file=/')"
    LIBS="-lcsv -lxml2 -lz -lsqlite3 -lstdc++"
  else
    OBJECTS="$(find "$BIN/MCModel.build" "$BIN/MCIngest.build" -name '*.o' | sort)"
    MAPS=""
    LIBS="-lcsv -lxml2 -lz"
  fi
  # shellcheck disable=SC2086
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "$module" -package-name "$PACKAGE_NAME" \
    -I "$BIN/Modules" -I "$BIN" \
    -Xcc -fmodule-map-file=Sources/CLibCSV/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CLibZ/module.modulemap \
    $MAPS \
    $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
    Fuzz/FuzzInput.swift "Fuzz/Targets/$target.swift" $OBJECTS \
    $LIBS -o "$SCRATCH/fuzz-$target" 2>&1 | grep -v 'Cannot export local symbol' >&2 || true
  if [ ! -x "$SCRATCH/fuzz-$target" ]; then echo "fuzz-$target did not build" >&2; exit 1; fi
  echo "$SCRATCH/fuzz-$target"
done
