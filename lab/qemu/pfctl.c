// SPDX-License-Identifier: GPL-2.0
/*
 * pfctl: send one command to the emulated PF of the lab's iavf VFs and print
 * its answer. The command language is the model core's (see
 * lab/vfmodel/vfmodel.h, vfm_pf_control); e.g. "dump", "trust vf=0 on".
 *
 * In the guest it uses BAR0 of the iavf-pfctl device (QEMU -device
 * iavf-pfctl,pf=pf0: a mailbox no driver claims; layout in
 * lab/qemu/iavf-vf.patch, hw/net/iavf_vf.c):
 *     pfctl [-d 0000:01:00.0] COMMAND...
 * On the host it talks to that device's chardev= (a unix socket server):
 *     pfctl -s /path/to/pfctl.sock COMMAND...
 * Exit status: 0 if the PF accepted the command, 1 if it answered an error,
 * 2 on a usage or transport error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define PCI_DEVICES		"/sys/bus/pci/devices"
#define PFCTL_VENDOR		0x1b36
#define PFCTL_DEVICE		0x00f1
#define CTL_MAGIC		0x50464354u	/* "PFCT" */
#define CTL_REG_MAGIC		0x000
#define CTL_REG_DOORBELL	0x004
#define CTL_REG_STATUS		0x008
#define CTL_REG_RESP_LEN	0x00c
#define CTL_REG_RESP_MAX	0x010
#define CTL_CMD			0x1000
#define CTL_CMD_SIZE		0x1000
#define CTL_RESP		0x2000
#define PCI_COMMAND_OFF		0x04
#define PCI_COMMAND_MEMORY	0x2
#define SOCKET_TIMEOUT_MS	10000

struct pfctl_env {
	const char *bdf;	/* -d: a specific device */
	const char *sock;	/* -s: host mode */
	char cmd[CTL_CMD_SIZE];
	size_t cmd_len;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: pfctl [-d BDF] COMMAND...      (guest, via the iavf-pfctl device)\n"
		"       pfctl -s SOCKET COMMAND...     (host, via its chardev socket)\n"
		"commands: see lab/vfmodel/vfmodel.h or run 'pfctl help'\n");
}

static int read_hex_file(const char *dir, const char *name, unsigned long *val)
{
	char path[512], buf[32];
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		*val = strtoul(buf, NULL, 16);
		ret = 0;
	}
	fclose(f);
	return ret;
}

/* Find the device directory: -d BDF, or the first iavf-pfctl function. */
static int find_device(const struct pfctl_env *env, char *dir, size_t dirlen)
{
	unsigned long vendor, device;
	struct dirent *de;
	DIR *d;
	int ret = -1;

	if (env->bdf) {
		snprintf(dir, dirlen, "%s/%s", PCI_DEVICES, env->bdf);
		return access(dir, F_OK);
	}
	d = opendir(PCI_DEVICES);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(dir, dirlen, "%s/%s", PCI_DEVICES, de->d_name);
		if (read_hex_file(dir, "vendor", &vendor) || vendor != PFCTL_VENDOR ||
		    read_hex_file(dir, "device", &device) || device != PFCTL_DEVICE)
			continue;
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

/* No driver binds the device, so memory decoding may still be off. */
static int ensure_memory_enabled(const char *dir)
{
	char path[512];
	uint16_t cmd = 0;
	int fd, ret = -1;

	snprintf(path, sizeof(path), "%s/config", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (pread(fd, &cmd, sizeof(cmd), PCI_COMMAND_OFF) != sizeof(cmd))
		goto out;
	close(fd);
	if (cmd & PCI_COMMAND_MEMORY)
		return 0;
	snprintf(path, sizeof(path), "%s/enable", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, "1", 1) == 1)
		ret = 0;
out:
	close(fd);
	return ret;
}

static inline uint32_t reg_read(volatile uint8_t *bar, size_t off)
{
	return *(volatile uint32_t *)(bar + off);
}

static inline void reg_write(volatile uint8_t *bar, size_t off, uint32_t val)
{
	*(volatile uint32_t *)(bar + off) = val;
}

/* Guest mode: CMD window, doorbell, then STATUS and the RESP window. */
static int run_bar(struct pfctl_env *env)
{
	char dir[300], path[512];
	volatile uint8_t *bar = MAP_FAILED;
	uint32_t word, resp_len, resp_max;
	int32_t status;
	char *out = NULL;
	struct stat st;
	size_t i;
	int fd = -1, ret = 2;

	if (find_device(env, dir, sizeof(dir))) {
		fprintf(stderr, "pfctl: no iavf-pfctl device (%04x:%04x) found\n",
			PFCTL_VENDOR, PFCTL_DEVICE);
		goto out;
	}
	if (ensure_memory_enabled(dir))
		fprintf(stderr, "pfctl: warning: cannot enable memory space of %s\n", dir);
	snprintf(path, sizeof(path), "%s/resource0", dir);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "pfctl: %s: %s\n", path, strerror(errno));
		goto out;
	}
	bar = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED) {
		fprintf(stderr, "pfctl: mmap %s: %s\n", path, strerror(errno));
		goto out;
	}
	if ((size_t)st.st_size <= CTL_RESP || reg_read(bar, CTL_REG_MAGIC) != CTL_MAGIC) {
		fprintf(stderr, "pfctl: %s is not a PF control mailbox\n", path);
		goto out;
	}
	/* word-wise: MMIO gets no wider-than-4-byte or misaligned accesses */
	for (i = 0; i < env->cmd_len + 1; i += 4) {
		word = 0;
		memcpy(&word, env->cmd + i, i + 4 <= sizeof(env->cmd) ? 4 : sizeof(env->cmd) - i);
		reg_write(bar, CTL_CMD + i, word);
	}
	reg_write(bar, CTL_REG_DOORBELL, env->cmd_len);
	status = (int32_t)reg_read(bar, CTL_REG_STATUS);
	resp_len = reg_read(bar, CTL_REG_RESP_LEN);
	resp_max = reg_read(bar, CTL_REG_RESP_MAX);
	if (resp_len > resp_max || CTL_RESP + (size_t)resp_max > (size_t)st.st_size) {
		fprintf(stderr, "pfctl: bad response length %u\n", resp_len);
		goto out;
	}
	out = calloc(1, resp_len + 4);
	if (!out)
		goto out;
	for (i = 0; i < resp_len; i += 4) {
		word = reg_read(bar, CTL_RESP + i);
		memcpy(out + i, &word, 4);
	}
	out[resp_len] = '\0';
	fputs(out, stdout);
	if (resp_len && out[resp_len - 1] != '\n')
		putchar('\n');
	ret = status ? 1 : 0;
out:
	free(out);
	if (bar != MAP_FAILED)
		munmap((void *)bar, st.st_size);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Host mode: one line out; the answer ends with a line "END <rc>". */
static int run_socket(struct pfctl_env *env)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = 0, cap = 65536;
	char *buf = NULL, *end;
	struct pollfd pfd;
	int fd = -1, ret = 2, rc;
	ssize_t n;

	if (strlen(env->sock) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "pfctl: socket path too long\n");
		goto out;
	}
	strcpy(sa.sun_path, env->sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "pfctl: %s: %s\n", env->sock, strerror(errno));
		goto out;
	}
	env->cmd[env->cmd_len] = '\n';
	if (write(fd, env->cmd, env->cmd_len + 1) != (ssize_t)env->cmd_len + 1) {
		fprintf(stderr, "pfctl: write: %s\n", strerror(errno));
		goto out;
	}
	buf = malloc(cap);
	if (!buf)
		goto out;
	for (;;) {
		buf[len] = '\0';
		end = len ? strstr(buf, "END ") : NULL;
		while (end && end != buf && end[-1] != '\n')
			end = strstr(end + 1, "END ");
		if (end && strchr(end, '\n'))
			break;
		if (len + 4096 + 1 > cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger)
				goto out;
			buf = bigger;
			cap *= 2;
		}
		pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, SOCKET_TIMEOUT_MS) <= 0) {
			fprintf(stderr, "pfctl: no answer from %s\n", env->sock);
			goto out;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0) {
			fprintf(stderr, "pfctl: connection closed\n");
			goto out;
		}
		len += n;
	}
	rc = atoi(end + 4);
	*end = '\0';
	fputs(buf, stdout);
	ret = rc ? 1 : 0;
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	struct pfctl_env env = { 0 };
	size_t len;
	int opt, i;

	while ((opt = getopt(argc, argv, "+d:s:h")) != -1) {
		switch (opt) {
		case 'd':
			env.bdf = optarg;
			break;
		case 's':
			env.sock = optarg;
			break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	for (i = optind; i < argc; i++) {
		len = strlen(argv[i]);
		/* room for a separator, and for the '\n' or NUL at the end */
		if (env.cmd_len + len + 2 > sizeof(env.cmd)) {
			fprintf(stderr, "pfctl: command too long\n");
			return 2;
		}
		if (env.cmd_len)
			env.cmd[env.cmd_len++] = ' ';
		memcpy(env.cmd + env.cmd_len, argv[i], len);
		env.cmd_len += len;
	}
	env.cmd[env.cmd_len] = '\0';
	return env.sock ? run_socket(&env) : run_bar(&env);
}
