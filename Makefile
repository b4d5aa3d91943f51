# Thin wrapper over the CMake presets. `make run` and `make test` work on a fresh Debian 12
# machine: both install missing packages first (cmake/install-deps.sh).
PRESET ?= release
BUILD_DIR := build/$(PRESET)
CONFIG_DIR ?= config
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps configure build test run bench format format-check clean

all: build

deps:
	@bash cmake/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

test: build
	@ctest --preset $(PRESET)

run: build
	./$(BUILD_DIR)/antevorta run --config-dir $(CONFIG_DIR)

bench: PRESET = release
bench: build
	@for b in $(BUILD_DIR)/bench/bench_*; do echo "== $$b"; "$$b"; done

FORMAT_FILES = $(shell git ls-files '*.cpp' '*.hpp')

format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf build

# The container image, tested without a Docker engine (debootstrap, buildah, podman):
# see docker/test-image.sh. Needs root and the Debian mirror.
.PHONY: docker-test
docker-test:
	@bash docker/test-image.sh
