# SPDX-License-Identifier: GPL-2.0
# iavf-vlantrace: one entry point for the driver, the BPF tools, the lab and
# the tests. Every target that needs packages or kernel trees runs the
# idempotent lab/setup.sh first.

export IAVF_VLANTRACE_CACHE ?= /var/cache/iavf-vlantrace
export BUILD ?= $(CURDIR)/build
# The lab guest's kernel and iavf driver: a name of lab/kernels.txt.
export LAB_KERNEL ?= 6.12-traced
# 0: our traced iavf without our fixes (kernel/fixes/), to see the bugs.
export KERNEL_FIXES ?= 1
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all setup kernel tools lab check demo demo-before suite storm matrix bench bench-lab install clean

all: kernel tools

setup:
	@lab/setup.sh

# The patched iavf.ko, built out of tree against Debian's headers.
kernel: setup
	@$(MAKE) -s --no-print-directory -C kernel

# BPF programs and the iavf-vlantrace CLI.
tools: setup
	@$(MAKE) -s --no-print-directory -C tools

# The lab: our QEMU with emulated iavf VFs, and the guest image.
lab: setup
	@$(MAKE) --no-print-directory -C lab

check: setup
	@selftests/run_checks.sh $(CHECKS)

demo: setup kernel tools lab
	@lab/demo.sh

# Debian 12's unfixed 6.1.170 stock iavf: the seed's bug caught live.
demo-before:
	@$(MAKE) --no-print-directory setup tools lab LAB_KERNEL=6.1.170-stock
	@lab/demo.sh --before

suite: setup kernel tools lab
	@$(MAKE) --no-print-directory -C selftests suite TESTS="$(TESTS)"

# Seeded random storms and the property that the lists agree after them
# (SEEDS="1 2 3"; KERNEL_FIXES=0 for the driver without our fixes).
storm: setup kernel tools lab
	@selftests/lab_storm.sh $(SEEDS)

# The suite on every driver generation, as one table (selftests/matrix.sh).
matrix: setup tools lab
	@selftests/matrix.sh $(TESTS)

bench: setup tools
	@$(MAKE) --no-print-directory -C tools bench

# The tool's costs in the lab guest: audit wall time, driver overhead.
bench-lab: setup kernel tools lab
	@$(MAKE) --no-print-directory -C tools guest-helpers
	@tools/tests/bench_lab.sh

install: tools
	@$(MAKE) --no-print-directory -C tools install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	rm -rf $(BUILD)
	-@$(MAKE) --no-print-directory -C tools clean
	-@$(MAKE) --no-print-directory -C kernel clean
