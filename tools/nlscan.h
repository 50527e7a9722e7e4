/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Links of every network namespace, over rtnetlink (libmnl). */
#ifndef IVT_NLSCAN_H
#define IVT_NLSCAN_H

#include <stdbool.h>
#include <linux/types.h>

struct nl_link {
	__u32 netns;		/* inode of the namespace it lives in */
	char name[16];
	char kind[16];		/* IFLA_INFO_KIND: "vlan", "veth", "" */
	char driver[32];	/* ethtool driver name, "" if none */
	__s32 ifindex;
	__s32 lower_ifindex;	/* IFLA_LINK, 0 if none */
	__u32 lower_netns;	/* resolved namespace of the lower, 0 unknown */
	__u32 pci_id;		/* from the ethtool bus info, 0 if none */
	__u16 vid;		/* vlan only */
	__u16 tpid;		/* vlan only, host order */
	__u32 flags;		/* ifi_flags: IFF_UP (admin), IFF_LOWER_UP (carrier) */
};

struct nl_scan {
	struct nl_link *links;
	unsigned int nlinks;
	unsigned int nnetns;
	__u32 *netns;			/* inodes of the nnetns scanned */
	unsigned int skipped_netns;	/* could not enter */
};

/* Scan the current namespace, every /run/netns/<name> and every
 * /proc/<pid>/ns/net. Returns 0 or -errno (message in err).
 */
int nl_scan_all(struct nl_scan *out, char *err, size_t errlen);
void nl_scan_free(struct nl_scan *s);

#endif /* IVT_NLSCAN_H */
