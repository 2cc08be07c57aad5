# Loupe's entry points. `make demo` runs the main job on its embedded default; `make test` runs every test.
SWIFT_FLAGS := -c release -Xswiftc -enable-testing
LOUPE := .build/release/loupe

.PHONY: bootstrap build test demo fuzz bench

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	swift build $(SWIFT_FLAGS) --build-tests

test: build
	swift test $(SWIFT_FLAGS) --skip-build

demo: build
	bash scripts/demo.sh
