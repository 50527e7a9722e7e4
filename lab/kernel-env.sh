#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the environment file of a lab kernel (lab/kernels.txt), written by
# lab/setup.sh: the one place that maps LAB_KERNEL to a file.
#
# Usage: lab/kernel-env.sh [NAME]   (default: $LAB_KERNEL, else 6.12-traced)
# Exit 1, with one line on stderr, when the kernel is not set up.
set -eu
name=${1:-${LAB_KERNEL:-6.12-traced}}
env=${IAVF_VLANTRACE_CACHE:-/var/cache/iavf-vlantrace}/kernels/$name.env
if [ ! -r "$env" ]; then
	echo "lab kernel $name is not set up: run make setup LAB_KERNEL=$name" >&2
	exit 1
fi
echo "$env"
