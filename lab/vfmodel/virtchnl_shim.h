/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lets user-space C include the kernel's own <linux/avf/virtchnl.h> (from the
 * kernel source tree, not a copy). Build with
 *   -I lab/vfmodel/kshim -idirafter $KSRC/include
 * kshim/ holds empty stand-ins for the kernel headers virtchnl.h includes;
 * -idirafter keeps $KSRC/include behind the system headers so <linux/...>
 * from libc still resolves to /usr/include.
 */
#ifndef VIRTCHNL_SHIM_H
#define VIRTCHNL_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;

#ifndef BIT
#define BIT(n) (1UL << (n))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n) (1ULL << (n))
#endif
#ifndef ETH_ALEN
#define ETH_ALEN 6
#endif

/* Saturating size arithmetic, as the kernel's overflow.h: a hostile count
 * yields SIZE_MAX rather than a small wrapped length. */
static inline size_t vfm_size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t vfm_size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

/* count may be negative (count - 1 with count 0): the kernel's size_mul sees
 * it as a huge size_t and saturates; do the same. */
#define struct_size(p, member, count)					\
	vfm_size_add(sizeof(*(p)),					\
		     vfm_size_mul((size_t)(count), sizeof(*(p)->member)))

#include <linux/avf/virtchnl.h>

#endif /* VIRTCHNL_SHIM_H */
