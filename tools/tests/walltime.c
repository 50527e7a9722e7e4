// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * walltime: run a command, then print its wall time in milliseconds
 * (CLOCK_MONOTONIC, microsecond resolution) on stderr as
 * "walltime: <ms> ms status <rc>". The lab guest's busybox has no
 * sub-10 ms clock; the in-guest benchmarks (tools/tests/bench_lab.sh)
 * time the tool with this.
 *
 * Usage: walltime COMMAND [ARG...]    exit status: the command's
 */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	double t0;
	pid_t pid;
	int st = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: walltime COMMAND [ARG...]\n");
		return 64;
	}
	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("walltime: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("walltime: exec");
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0) {
		perror("walltime: waitpid");
		return 127;
	}
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	fprintf(stderr, "walltime: %.1f ms status %d\n", now_ms() - t0, st);
	return st;
}
