// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * sigat: run a command, send it a signal DELAY ms after its start, and
 * report how long it took to end after the signal. The command starts with
 * SIGINT and SIGTERM at their default action: a non-interactive shell
 * starts background jobs with SIGINT ignored, so a signal sent before the
 * command's main() would be lost there, and the test would measure the
 * shell, not the tool. Used by tools/tests/guest_signals.sh in the guest.
 *
 * Usage: sigat DELAY_MS INT|TERM TIMEOUT_MS COMMAND [ARG...]
 * Prints "sigat: status N after M ms" or "sigat: hung after M ms" (then
 * SIGKILL) on stderr; exit status 0, 1 when hung, 64 bad usage.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
	struct timespec ts = { .tv_sec = (time_t)(ms / 1000),
			       .tv_nsec = (long)((ms - (time_t)(ms / 1000) * 1000) * 1e6) };

	while (nanosleep(&ts, &ts))
		;
}

static pid_t start(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[0], argv);
		perror("sigat: exec");
		_exit(127);
	}
	return pid;
}

/* The child's status once it ended, -1 when it outlived @timeout_ms. */
static int wait_for(pid_t pid, double timeout_ms)
{
	double end = now_ms() + timeout_ms;
	int st;

	while (now_ms() < end) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		sleep_ms(5);
	}
	return -1;
}

int main(int argc, char **argv)
{
	double delay, timeout, t;
	int sig, st;
	pid_t pid;

	if (argc < 5 || (strcmp(argv[2], "INT") && strcmp(argv[2], "TERM"))) {
		fprintf(stderr, "usage: sigat DELAY_MS INT|TERM TIMEOUT_MS COMMAND [ARG...]\n");
		return 64;
	}
	delay = atof(argv[1]);
	sig = strcmp(argv[2], "INT") ? SIGTERM : SIGINT;
	timeout = atof(argv[3]);
	pid = start(argv + 4);
	if (pid < 0) {
		perror("sigat: fork");
		return 64;
	}
	sleep_ms(delay);
	kill(pid, sig);
	t = now_ms();
	st = wait_for(pid, timeout);
	if (st < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fprintf(stderr, "sigat: hung after %.0f ms\n", now_ms() - t);
		return 1;
	}
	fprintf(stderr, "sigat: status %d after %.0f ms\n", st, now_ms() - t);
	return 0;
}
