// SPDX-License-Identifier: GPL-2.0
/*
 * dpkt: a tiny frame tool for the lab's data path test (static, runs in the
 * guest).
 *   dpkt send IFACE SRCMAC DSTMAC VID COUNT   raw frames (ethertype 0x88b5,
 *                                             802.1Q tag in-band when VID > 0)
 *   dpkt sniff IFACE MS                       count 0x88b5 frames for MS ms:
 *                                             "vid=N src=MAC count=K" lines
 *   dpkt udpsend IP PORT MS SIZE              UDP datagrams as fast as possible
 *   dpkt udprecv PORT MS                      count UDP datagrams for MS ms
 *   dpkt tcpsend IP PORT MS                   stream bytes over TCP for MS ms
 *   dpkt tcprecv PORT MS                      accept one stream, count bytes
 * sniff, udprecv and tcprecv print "ready" on stderr once they listen. Exit 0, 1 on error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DPKT_ETHERTYPE	0x88b5
#define MAX_SEEN	64

struct seen {
	unsigned int vid;
	uint8_t src[6];
	unsigned long count;
};

/* the one env struct */
static struct {
	struct seen seen[MAX_SEEN];
	unsigned int nseen;
} E;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int parse_mac(const char *s, uint8_t m[6])
{
	unsigned int b[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		m[i] = (uint8_t)b[i];
	return 0;
}

static int packet_socket(const char *ifname, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0) {
		perror("socket");
		return -1;
	}
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(ETH_P_ALL);
	sll->sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll->sll_ifindex || bind(fd, (struct sockaddr *)sll, sizeof(*sll))) {
		fprintf(stderr, "dpkt: cannot bind to %s\n", ifname);
		close(fd);
		return -1;
	}
	return fd;
}

static int cmd_send(char **av)
{
	struct sockaddr_ll sll;
	uint8_t f[64];
	unsigned long vid = strtoul(av[3], NULL, 0), count = strtoul(av[4], NULL, 0), i;
	size_t off = 12;
	int fd, rc = 1;

	memset(f, 0, sizeof(f));
	if (parse_mac(av[1], f + 6) || parse_mac(av[2], f) || vid > 4095) {
		fprintf(stderr, "dpkt send: bad MAC or VID\n");
		return 1;
	}
	fd = packet_socket(av[0], &sll);
	if (fd < 0)
		return 1;
	if (vid) {
		f[off++] = 0x81;
		f[off++] = 0x00;
		f[off++] = (uint8_t)(vid >> 8);
		f[off++] = (uint8_t)vid;
	}
	f[off++] = DPKT_ETHERTYPE >> 8;
	f[off++] = DPKT_ETHERTYPE & 0xff;
	memcpy(f + off, "dpkt", 4);
	for (i = 0; i < count; i++) {
		if (send(fd, f, 64, 0) != 64) {
			perror("send");
			goto out;
		}
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

static void note(unsigned int vid, const uint8_t *src)
{
	unsigned int i;

	for (i = 0; i < E.nseen; i++) {
		if (E.seen[i].vid == vid && !memcmp(E.seen[i].src, src, 6)) {
			E.seen[i].count++;
			return;
		}
	}
	if (E.nseen == MAX_SEEN)
		return;
	E.seen[E.nseen].vid = vid;
	memcpy(E.seen[E.nseen].src, src, 6);
	E.seen[E.nseen].count = 1;
	E.nseen++;
}

static int cmd_sniff(char **av)
{
	struct sockaddr_ll sll;
	uint64_t end = now_ms() + strtoul(av[1], NULL, 0);
	int fd, one = 1;
	unsigned int i;

	fd = packet_socket(av[0], &sll);
	if (fd < 0)
		return 1;
	/* stripped tags come as auxiliary data */
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one));
	fprintf(stderr, "ready\n");
	for (;;) {
		uint8_t f[2048];
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		} ctl;
		struct iovec iov = { f, sizeof(f) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = &ctl, .msg_controllen = sizeof(ctl) };
		struct pollfd pfd = { fd, POLLIN, 0 };
		struct cmsghdr *c;
		uint64_t t = now_ms();
		unsigned int vid = 0;
		size_t et = 12;
		ssize_t n;

		if (t >= end)
			break;
		if (poll(&pfd, 1, (int)(end - t)) <= 0)
			continue;
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 14)
			continue;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			struct tpacket_auxdata aux;

			if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA)
				continue;
			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if (aux.tp_status & TP_STATUS_VLAN_VALID)
				vid = aux.tp_vlan_tci & 0xfff;
		}
		if (f[12] == 0x81 && f[13] == 0x00 && n >= 18) {
			vid = (unsigned int)((f[14] << 8 | f[15]) & 0xfff);
			et = 16;
		}
		if (((unsigned int)f[et] << 8 | f[et + 1]) == DPKT_ETHERTYPE)
			note(vid, f + 6);
	}
	for (i = 0; i < E.nseen; i++) {
		const uint8_t *m = E.seen[i].src;

		printf("vid=%u src=%02x:%02x:%02x:%02x:%02x:%02x count=%lu\n", E.seen[i].vid,
		       m[0], m[1], m[2], m[3], m[4], m[5], E.seen[i].count);
	}
	close(fd);
	return 0;
}

static int cmd_udpsend(char **av)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint64_t t0 = now_ms(), end = t0 + strtoul(av[2], NULL, 0);
	size_t size = strtoul(av[3], NULL, 0);
	unsigned long sent = 0, errs = 0;
	char buf[1472];
	int fd;

	if (size > sizeof(buf) || inet_pton(AF_INET, av[0], &sin.sin_addr) != 1)
		return 1;
	sin.sin_port = htons((uint16_t)strtoul(av[1], NULL, 0));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("udp");
		return 1;
	}
	memset(buf, 0xa5, sizeof(buf));
	while (now_ms() < end) {
		if (send(fd, buf, size, 0) == (ssize_t)size)
			sent++;
		else
			errs++;	/* ENOBUFS when the queue is full: keep going */
	}
	printf("sent=%lu errors=%lu ms=%llu\n", sent, errs, (unsigned long long)(now_ms() - t0));
	close(fd);
	return 0;
}

static int cmd_udprecv(char **av)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	uint64_t end = now_ms() + strtoul(av[1], NULL, 0), first = 0, last = 0;
	unsigned long got = 0;
	int fd, rcvbuf = 1 << 20;

	sin.sin_port = htons((uint16_t)strtoul(av[0], NULL, 0));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("udp");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	fprintf(stderr, "ready\n");
	for (;;) {
		char buf[2048];
		struct pollfd pfd = { fd, POLLIN, 0 };
		uint64_t t = now_ms();

		if (t >= end)
			break;
		if (poll(&pfd, 1, (int)(end - t)) <= 0)
			continue;
		while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0) {
			if (!got)
				first = now_ms();
			got++;
		}
		last = now_ms();
	}
	printf("received=%lu ms=%llu\n", got, (unsigned long long)(got ? last - first : 0));
	close(fd);
	return 0;
}

static int cmd_tcpsend(char **av)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint64_t t0 = now_ms(), end = t0 + strtoul(av[2], NULL, 0);
	unsigned long long sent = 0;
	static char buf[65536];
	int fd;

	if (inet_pton(AF_INET, av[0], &sin.sin_addr) != 1)
		return 1;
	sin.sin_port = htons((uint16_t)strtoul(av[1], NULL, 0));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("tcp connect");
		return 1;
	}
	memset(buf, 0x5a, sizeof(buf));
	while (now_ms() < end) {
		ssize_t n = send(fd, buf, sizeof(buf), 0);

		if (n <= 0)
			break;
		sent += (unsigned long long)n;
	}
	printf("sent=%llu ms=%llu\n", sent, (unsigned long long)(now_ms() - t0));
	close(fd);
	return 0;
}

static int cmd_tcprecv(char **av)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	uint64_t end = now_ms() + strtoul(av[1], NULL, 0), first = 0, last = 0;
	unsigned long long got = 0;
	int lfd, fd = -1, one = 1;

	sin.sin_port = htons((uint16_t)strtoul(av[0], NULL, 0));
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 1)) {
		perror("tcp listen");
		return 1;
	}
	fprintf(stderr, "ready\n");
	for (;;) {
		static char buf[65536];
		struct pollfd pfd = { fd < 0 ? lfd : fd, POLLIN, 0 };
		uint64_t t = now_ms();
		ssize_t n;

		if (t >= end)
			break;
		if (poll(&pfd, 1, (int)(end - t)) <= 0)
			continue;
		if (fd < 0) {
			fd = accept(lfd, NULL, NULL);
			first = now_ms();
			continue;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		got += (unsigned long long)n;
		last = now_ms();
	}
	printf("received=%llu ms=%llu\n", got, (unsigned long long)(got ? last - first : 0));
	if (fd >= 0)
		close(fd);
	close(lfd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "send"))
		return cmd_send(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "sniff"))
		return cmd_sniff(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "udpsend"))
		return cmd_udpsend(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "udprecv"))
		return cmd_udprecv(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "tcpsend"))
		return cmd_tcpsend(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "tcprecv"))
		return cmd_tcprecv(argv + 2);
	fprintf(stderr, "usage: dpkt send IFACE SRCMAC DSTMAC VID COUNT | sniff IFACE MS |\n"
			"       udpsend IP PORT MS SIZE | udprecv PORT MS | tcpsend IP PORT MS | tcprecv PORT MS\n");
	return 1;
}
