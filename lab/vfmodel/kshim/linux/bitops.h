/* SPDX-License-Identifier: GPL-2.0 */
/* Empty on purpose: virtchnl_shim.h supplies what <linux/avf/virtchnl.h> needs from here. */
