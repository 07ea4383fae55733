# LMS — two commands: `make run` (everything, on SQLite, with demo data) and `make test`.
# Cargo's target directory may live outside the clone (CI sets /var/cache/lms-target).

export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never
BIN      := $(CARGO_TARGET_DIR)/debug/lms
NPM      := cd frontend && npm
CHROMIUM := /usr/bin/chromium

.PHONY: run build frontend test test-rust test-frontend test-schemathesis test-crash test-example test-postgres test-serializable openapi fmt lint bench bench-smoke bench-search bench-license bench-csv deps-browser deps-nextest clean

## run: build API + portal, seed demo data into ./data (once), serve on http://127.0.0.1:8080
run: build frontend
	$(BIN) seed-demo
	$(BIN) serve

build:
	cargo build --bin lms

frontend: frontend/node_modules
	$(NPM) run build

frontend/node_modules: frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

## test: every test, SQLite only, no database server needed
test: test-rust test-frontend test-schemathesis test-crash test-example

test-rust: deps-nextest
	cargo nextest run --workspace --no-fail-fast

## test-frontend: the API client is current, the portal builds, and Playwright walks it in Chromium
test-frontend: build frontend/node_modules deps-browser
	$(NPM) run check:api
	$(NPM) run lint
	$(NPM) run build
	cd frontend && LMS_BIN=$(BIN) npm run test:e2e

## test-schemathesis: schemathesis (pinned, installed into .venv) against the real server on demo data, all checks
test-schemathesis: build
	LMS_BIN=$(BIN) scripts/schemathesis.sh

## test-example: the ERP integration example (examples/erp_client.py, standard library only)
## against a real server on demo data; its downloaded license file must pass `lms verify`
test-example: build
	LMS_BIN=$(BIN) scripts/erp_example.sh

## test-crash: SIGKILL the server 10 times under attach/detach/activate and SWA assign/cancel load; nothing acknowledged
## may be lost, the license and SWA unit invariants must hold (LMS_CRASH_DATABASE_URL for PostgreSQL)
test-crash: build
	python3 scripts/crash_test.py --bin $(BIN) $(if $(LMS_CRASH_DATABASE_URL),--database-url $(LMS_CRASH_DATABASE_URL))

## test-postgres: the end-to-end suite again on PostgreSQL (LMS_TEST_DATABASE_URL must be set)
test-postgres: deps-nextest
	@test -n "$(LMS_TEST_DATABASE_URL)" || (echo "set LMS_TEST_DATABASE_URL=postgres://…/<admin db>"; exit 2)
	cargo nextest run --test api --no-fail-fast

## test-serializable: the end-to-end suite on PostgreSQL with every connection at SERIALIZABLE, as on a
## distributed SQL engine (LMS_TEST_DATABASE_URL must be set); conflicts are retried, and the race tests print the retries
test-serializable: deps-nextest
	@test -n "$(LMS_TEST_DATABASE_URL)" || (echo "set LMS_TEST_DATABASE_URL=postgres://…/<admin db>"; exit 2)
	LMS_TEST_PG_ISOLATION=serializable cargo nextest run --test api --no-fail-fast

## openapi: regenerate openapi/openapi.json and the portal's API client from the code
openapi: build
	$(BIN) export-openapi > openapi/openapi.json
	@if [ -d frontend/node_modules ]; then $(NPM) run gen:api; fi

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

## bench: every figure of bench/run.py against its baseline in the same run (release build, wrk installed
## when missing, PostgreSQL at LMS_BENCH_DATABASE_URL); prints the table, writes bench/results.md and .json
bench:
	cargo build --release --bin lms --examples
	python3 bench/run.py --bin-dir $(CARGO_TARGET_DIR)/release

## bench-smoke: the same harness with tiny sizes and durations on the debug build: proves it works, no thresholds
bench-smoke:
	cargo build --bin lms --examples
	python3 bench/run.py --smoke --bin-dir $(CARGO_TARGET_DIR)/debug

## bench-search: Easy Nav at 1,000,000 locations (SQLite; set LMS_BENCH_DATABASE_URL for PostgreSQL)
bench-search:
	cargo run --release --example search_bench

## bench-license: license file generation + signing at 1,000 lines vs a bare Ed25519 signature
bench-license:
	cargo run --release --example license_bench

## bench-csv: a release server exports 100,000 locations as CSV (seeded straight into SQLite);
## prints rows, MiB, seconds and the server's RSS before, after and at its peak
bench-csv:
	cargo build --release --bin lms
	python3 scripts/csv_bench.py --bin $(CARGO_TARGET_DIR)/release/lms

deps-browser:
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

deps-nextest:
	@command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked

clean:
	cargo clean
	rm -rf frontend/dist frontend/node_modules
