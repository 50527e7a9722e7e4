/* SPDX-License-Identifier: GPL-2.0 */
/* vfmodel: one PF -> VF message (a reply or an event) as it goes to the ARQ. */
#ifndef VFM_MSG_H
#define VFM_MSG_H

#include <stdint.h>

#define VFM_REPLY_MAX		128	/* biggest PF->VF payload we build */

struct vfm_msg {
	uint32_t op;
	int32_t status;
	uint16_t len;
	uint8_t data[VFM_REPLY_MAX];
};

#endif /* VFM_MSG_H */
