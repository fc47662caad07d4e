# mcstat — make run: the nightly pipeline on sample-data; make test: the test suite.
# Both install the system libraries they need (libcsv-dev, libxml2-dev) when missing.

SWIFT ?= swift
# The PostgreSQL store is a package trait (it adds postgres-nio and BoringSSL to a clean build):
# every target here builds with it, so that one build serves build, test, docs and run.
# SWIFT_TRAITS= builds without it.
SWIFT_TRAITS ?= --traits PostgreSQL
MCSTAT_STORE ?= mcstat.sqlite
BIN_DEBUG = .build/debug/mcstat
BIN_RELEASE = .build/release/mcstat

.PHONY: all setup build release run test bench clean sample-data fuzz serve serve-load serve-load-shared docs

all: build

## setup: install the system packages the build needs (Debian/Ubuntu), only when missing, waiting
## for the dpkg lock when another package manager holds it.
setup:
	@./tools/apt-install.sh libcsv-dev libxml2-dev zlib1g-dev libsqlite3-dev pkg-config python3-venv openssl util-linux time postgresql

build: setup
	$(SWIFT) build $(SWIFT_TRAITS)

release: setup
	$(SWIFT) build -c release $(SWIFT_TRAITS)

## run: the nightly pipeline on sample-data into $(MCSTAT_STORE), reports in reports/.
run: release
	$(BIN_RELEASE) run --store $(MCSTAT_STORE) pipelines/nightly.yml

## test: the whole suite (unit, end-to-end against the built executable, SDMX files loaded
## with pysdmx and sdmx1 from a virtual environment made here), after checking that every module
## imports only what Package.swift declares for it, that every link of the docs resolves, and
## that the DocC documentation builds (.build/docs, the architecture page as its landing article).
## The store tests run on SQLite and on PostgreSQL: a throw-away server by pg_virtualenv
## (tools/with-postgres.sh), or the one MCSTAT_TEST_POSTGRES_URL names.
test: setup
	./tools/setup-sdmx-venv.sh > /dev/null
	./tools/setup-browser-venv.sh > /dev/null
	./tools/setup-ckm-venv.sh > /dev/null
	$(SWIFT) build $(SWIFT_TRAITS)
	python3 tools/check-imports.py
	python3 tools/check-doc-links.py
	python3 tools/mutate.py --check
	./tools/build-docs.sh
	./tools/with-postgres.sh $(SWIFT) test $(SWIFT_TRAITS)

## docs: the DocC documentation of every module, with the guides, as static HTML in .build/docs.
docs: build
	./tools/build-docs.sh

## bench: validate, ingest, re-ingest and report on 100,000 and 1,000,000 records (CSV, JSON Lines,
## canonical XML, ELM v2 XML) beside bare libcsv/libxml2/JSON passes and polars and DuckDB scripts
## (release build). BENCH_PROFILE=full (default: every optional element filled, ~3,000
## institutions) or thin; BENCH_SIZES=100000 for a quick run; BENCH_FORMATS=csv,jsonl,xml,elm-xml.
## Table in bench-data/bench.md and bench.json.
bench: release
	./tools/bench.sh

## fuzz: one libFuzzer target per reader (CSV, ELM XML, canonical XML, JSON, archives) and one for
## pipeline files and profiles (YAML), built with -sanitize=fuzzer,address into .build-fuzz/, seeded
## from the fixtures, FUZZ_SECONDS each.
## Not part of test: crash inputs go to Tests/MCIngestTests/Fixtures/fuzz-regressions/ by hand.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv elm-xml canonical-xml json archive yaml
fuzz: setup
	./Fuzz/build.sh $(FUZZ_TARGETS)
	python3 Fuzz/seed.py
	./Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

## serve: the web service on 127.0.0.1:8080 over the sample data, with sample accounts (tokens in
## serve-sample/tokens.txt).
serve: release
	./tools/serve-sample.sh

## serve-load: the bounded load test of the web service (10 institutions x 20 concurrent uploads,
## 1,000 report downloads): requests/s, p50/p99 latency, peak RSS. Not part of `make test`.
serve-load: release
	python3 tools/serve-load-test.py --mcstat $(BIN_RELEASE)

## serve-load-shared: one, then two serve processes on one PostgreSQL store (a throw-away server,
## tools/with-postgres.sh) with a shared inbox, requests spread over them in turn (sign-in at one,
## the session used at the others), the nightly run importing the inbox in the middle: no 5xx,
## every receipt readable everywhere, the run's counts equal the receipts'. Not part of `make test`.
serve-load-shared: release
	./tools/with-postgres.sh python3 tools/serve-load-shared.py --mcstat $(BIN_RELEASE) --processes 1
	./tools/with-postgres.sh python3 tools/serve-load-shared.py --mcstat $(BIN_RELEASE) --processes 2

## sample-data: regenerate the sample exports (deterministic).
sample-data:
	python3 tools/generate-sample-data.py

clean:
	rm -rf .build .build-fuzz reports reports.previous serve-sample $(MCSTAT_STORE) $(MCSTAT_STORE)-wal $(MCSTAT_STORE)-shm $(MCSTAT_STORE).lock bench-data
