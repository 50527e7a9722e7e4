// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Enumerate network namespaces (current, /run/netns, /proc/<pid>/ns/net;
 * deduplicated by inode), enter each one just long enough to open a
 * NETLINK_ROUTE socket and an ioctl socket there, dump its links, and
 * resolve each link's lower device to (namespace, ifindex), following
 * IFLA_LINK_NETNSID with RTM_GETNSID when the lower lives elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include "nlscan.h"
#include "ivt.h"

struct ns_entry {
	__u32 ino;
	int fd;			/* open nsfs file, for RTM_GETNSID */
	struct mnl_socket *nl;
	int ioctl_fd;
};

struct ns_list {
	struct ns_entry *v;
	unsigned int n, cap;
};

static int ns_add(struct ns_list *l, const char *path)
{
	struct stat st;
	unsigned int i;
	int fd;

	if (stat(path, &st) < 0)
		return 0;	/* a process that went away */
	for (i = 0; i < l->n; i++)
		if (l->v[i].ino == (__u32)st.st_ino)
			return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (l->n == l->cap) {
		unsigned int cap = l->cap ? l->cap * 2 : 8;
		struct ns_entry *t = realloc(l->v, cap * sizeof(*t));

		if (!t) {
			close(fd);
			return -ENOMEM;
		}
		l->v = t;
		l->cap = cap;
	}
	l->v[l->n++] = (struct ns_entry){ .ino = (__u32)st.st_ino, .fd = fd,
					  .ioctl_fd = -1 };
	return 0;
}

static int ns_collect(struct ns_list *l)
{
	char path[300];
	struct dirent *de;
	DIR *d;
	int err;

	err = ns_add(l, "/proc/self/ns/net");
	if (err)
		return err;
	d = opendir("/run/netns");
	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/run/netns/%s", de->d_name);
			err = ns_add(l, path);
			if (err)
				break;
		}
		closedir(d);
		if (err)
			return err;
	}
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", de->d_name);
		err = ns_add(l, path);
		if (err)
			break;
	}
	closedir(d);
	return err;
}

/* Open the sockets of @e inside its namespace, then come back. */
static int ns_open_sockets(struct ns_entry *e, int home_fd)
{
	int err = 0;

	if (setns(e->fd, CLONE_NEWNET) < 0)
		return -errno;
	e->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!e->nl || mnl_socket_bind(e->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		err = -errno;
	e->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (setns(home_fd, CLONE_NEWNET) < 0 && !err)
		err = -errno;
	return err;
}

struct dump_ctx {
	struct nl_scan *out;
	unsigned int cap;
	struct ns_entry *ns;
	__s32 *link_nsid;	/* parallel to out->links: IFLA_LINK_NETNSID */
	int err;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, IFLA_MAX) > 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int info_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, IFLA_INFO_MAX) > 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int vlan_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, IFLA_VLAN_MAX) > 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static void fill_driver(struct nl_link *l, int ioctl_fd)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ifreq ifr = {};

	if (ioctl_fd < 0)
		return;
	memcpy(ifr.ifr_name, l->name, IFNAMSIZ - 1);
	ifr.ifr_data = (void *)&info;
	if (ioctl(ioctl_fd, SIOCETHTOOL, &ifr) < 0)
		return;
	snprintf(l->driver, sizeof(l->driver), "%s", info.driver);
	if (ivt_parse_pci(info.bus_info, &l->pci_id))
		l->pci_id = 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1] = {};
	const struct nlattr *info[IFLA_INFO_MAX + 1] = {};
	const struct nlattr *vlan[IFLA_VLAN_MAX + 1] = {};
	struct nl_link *l;

	if (c->out->nlinks == c->cap) {
		unsigned int cap = c->cap ? c->cap * 2 : 64;
		struct nl_link *t = realloc(c->out->links, cap * sizeof(*t));
		__s32 *s = realloc(c->link_nsid, cap * sizeof(*s));

		if (t)
			c->out->links = t;
		if (s)
			c->link_nsid = s;
		if (!t || !s) {
			c->err = -ENOMEM;
			return MNL_CB_ERROR;
		}
		c->cap = cap;
	}
	mnl_attr_parse(nlh, sizeof(*ifm), attr_cb, tb);
	l = &c->out->links[c->out->nlinks];
	memset(l, 0, sizeof(*l));
	c->link_nsid[c->out->nlinks] = -1;
	l->netns = c->ns->ino;
	l->ifindex = ifm->ifi_index;
	l->flags = ifm->ifi_flags;
	if (tb[IFLA_IFNAME])
		snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_LINK]) {
		l->lower_ifindex = (__s32)mnl_attr_get_u32(tb[IFLA_LINK]);
		l->lower_netns = c->ns->ino;
	}
	if (tb[IFLA_LINK_NETNSID]) {
		c->link_nsid[c->out->nlinks] = (__s32)mnl_attr_get_u32(tb[IFLA_LINK_NETNSID]);
		l->lower_netns = 0;	/* resolved later */
	}
	if (tb[IFLA_LINKINFO]) {
		mnl_attr_parse_nested(tb[IFLA_LINKINFO], info_cb, info);
		if (info[IFLA_INFO_KIND])
			snprintf(l->kind, sizeof(l->kind), "%s",
				 mnl_attr_get_str(info[IFLA_INFO_KIND]));
		if (!strcmp(l->kind, "vlan") && info[IFLA_INFO_DATA]) {
			mnl_attr_parse_nested(info[IFLA_INFO_DATA], vlan_cb, vlan);
			if (vlan[IFLA_VLAN_ID])
				l->vid = mnl_attr_get_u16(vlan[IFLA_VLAN_ID]);
			l->tpid = vlan[IFLA_VLAN_PROTOCOL] ?
				ntohs(mnl_attr_get_u16(vlan[IFLA_VLAN_PROTOCOL])) : 0x8100;
		}
	}
	if (!l->kind[0])
		fill_driver(l, c->ns->ioctl_fd);
	c->out->nlinks++;
	return MNL_CB_OK;
}

static int dump_links(struct dump_ctx *c)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = c->ns->nl;
	unsigned int seq = (unsigned int)time(NULL), portid = mnl_socket_get_portid(nl);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	ssize_t n;
	int ret;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		ret = mnl_cb_run(buf, n, seq, portid, link_cb, c);
		if (ret < 0)
			return c->err ? c->err : -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
	return n < 0 ? -errno : 0;
}

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;
	__s32 *nsid = data;

	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg))
		if (mnl_attr_get_type(a) == NETNSA_NSID)
			*nsid = (__s32)mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

/* The id namespace @from gives to namespace @to, -1 if none. */
static __s32 peer_nsid(struct ns_entry *from, struct ns_entry *to)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int seq = (unsigned int)time(NULL) + 1;
	struct rtgenmsg *g;
	__s32 nsid = -1;
	ssize_t n;

	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (__u32)to->fd);
	if (mnl_socket_sendto(from->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	n = mnl_socket_recvfrom(from->nl, buf, sizeof(buf));
	if (n > 0)
		mnl_cb_run(buf, n, seq, mnl_socket_get_portid(from->nl), nsid_cb, &nsid);
	return nsid;
}

/* The links of namespace @i from @first on whose lower device is in
 * another namespace: that namespace's inode, found through its nsid.
 */
static void resolve_lowers(struct dump_ctx *c, struct ns_list *l, unsigned int i,
			   unsigned int first, int home)
{
	struct nl_scan *out = c->out;
	unsigned int j, k;

	for (j = first; j < out->nlinks; j++) {
		if (c->link_nsid[j] < 0)
			continue;
		for (k = 0; k < l->n; k++) {
			if (k == i || (!l->v[k].nl && ns_open_sockets(&l->v[k], home)))
				continue;
			if (peer_nsid(&l->v[i], &l->v[k]) == c->link_nsid[j]) {
				out->links[j].lower_netns = l->v[k].ino;
				break;
			}
		}
	}
}

int nl_scan_all(struct nl_scan *out, char *err, size_t errlen)
{
	struct ns_list l = {};
	struct dump_ctx c = { .out = out };
	unsigned int i, first;
	int home = -1, ret;

	memset(out, 0, sizeof(*out));
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open /proc/self/ns/net: %s", strerror(errno));
		return ret;
	}
	ret = ns_collect(&l);
	if (ret) {
		snprintf(err, errlen, "listing namespaces: %s", strerror(-ret));
		goto out;
	}
	out->netns = calloc(l.n ? l.n : 1, sizeof(*out->netns));
	if (!out->netns) {
		ret = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		if (!l.v[i].nl && ns_open_sockets(&l.v[i], home)) {
			out->skipped_netns++;
			continue;
		}
		c.ns = &l.v[i];
		first = out->nlinks;
		ret = dump_links(&c);
		if (ret) {
			snprintf(err, errlen, "link dump in netns %u: %s",
				 l.v[i].ino, strerror(-ret));
			goto out;
		}
		resolve_lowers(&c, &l, i, first, home);
		out->netns[out->nnetns++] = l.v[i].ino;
	}
	ret = 0;
out:
	for (i = 0; i < l.n; i++) {
		if (l.v[i].nl)
			mnl_socket_close(l.v[i].nl);
		if (l.v[i].ioctl_fd >= 0)
			close(l.v[i].ioctl_fd);
		close(l.v[i].fd);
	}
	free(l.v);
	free(c.link_nsid);
	if (home >= 0) {
		setns(home, CLONE_NEWNET);
		close(home);
	}
	if (ret)
		nl_scan_free(out);
	return ret;
}

void nl_scan_free(struct nl_scan *s)
{
	free(s->links);
	free(s->netns);
	memset(s, 0, sizeof(*s));
}
