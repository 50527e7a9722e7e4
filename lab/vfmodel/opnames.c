// SPDX-License-Identifier: GPL-2.0
/* vfmodel: virtchnl op names, for the history, dump and the control language. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pf.h"

static const struct {
	uint32_t op;
	const char *name;
} op_names[] = {
	{ VIRTCHNL_OP_VERSION, "version" },
	{ VIRTCHNL_OP_RESET_VF, "reset_vf" },
	{ VIRTCHNL_OP_GET_VF_RESOURCES, "get_vf_resources" },
	{ VIRTCHNL_OP_CONFIG_TX_QUEUE, "config_tx_queue" },
	{ VIRTCHNL_OP_CONFIG_RX_QUEUE, "config_rx_queue" },
	{ VIRTCHNL_OP_CONFIG_VSI_QUEUES, "config_vsi_queues" },
	{ VIRTCHNL_OP_CONFIG_IRQ_MAP, "config_irq_map" },
	{ VIRTCHNL_OP_ENABLE_QUEUES, "enable_queues" },
	{ VIRTCHNL_OP_DISABLE_QUEUES, "disable_queues" },
	{ VIRTCHNL_OP_ADD_ETH_ADDR, "add_eth_addr" },
	{ VIRTCHNL_OP_DEL_ETH_ADDR, "del_eth_addr" },
	{ VIRTCHNL_OP_ADD_VLAN, "add_vlan" },
	{ VIRTCHNL_OP_DEL_VLAN, "del_vlan" },
	{ VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE, "config_promiscuous_mode" },
	{ VIRTCHNL_OP_GET_STATS, "get_stats" },
	{ VIRTCHNL_OP_EVENT, "event" },
	{ VIRTCHNL_OP_CONFIG_RSS_HFUNC, "config_rss_hfunc" },
	{ VIRTCHNL_OP_CONFIG_RSS_KEY, "config_rss_key" },
	{ VIRTCHNL_OP_CONFIG_RSS_LUT, "config_rss_lut" },
	{ VIRTCHNL_OP_GET_RSS_HENA_CAPS, "get_rss_hena_caps" },
	{ VIRTCHNL_OP_SET_RSS_HENA, "set_rss_hena" },
	{ VIRTCHNL_OP_ENABLE_VLAN_STRIPPING, "enable_vlan_stripping" },
	{ VIRTCHNL_OP_DISABLE_VLAN_STRIPPING, "disable_vlan_stripping" },
	{ VIRTCHNL_OP_REQUEST_QUEUES, "request_queues" },
	{ VIRTCHNL_OP_ENABLE_CHANNELS, "enable_channels" },
	{ VIRTCHNL_OP_DISABLE_CHANNELS, "disable_channels" },
	{ VIRTCHNL_OP_ADD_CLOUD_FILTER, "add_cloud_filter" },
	{ VIRTCHNL_OP_DEL_CLOUD_FILTER, "del_cloud_filter" },
	{ VIRTCHNL_OP_ADD_RSS_CFG, "add_rss_cfg" },
	{ VIRTCHNL_OP_DEL_RSS_CFG, "del_rss_cfg" },
	{ VIRTCHNL_OP_ADD_FDIR_FILTER, "add_fdir_filter" },
	{ VIRTCHNL_OP_DEL_FDIR_FILTER, "del_fdir_filter" },
	{ VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, "get_offload_vlan_v2_caps" },
	{ VIRTCHNL_OP_ADD_VLAN_V2, "add_vlan_v2" },
	{ VIRTCHNL_OP_DEL_VLAN_V2, "del_vlan_v2" },
	{ VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2, "enable_vlan_stripping_v2" },
	{ VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2, "disable_vlan_stripping_v2" },
	{ VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2, "enable_vlan_insertion_v2" },
	{ VIRTCHNL_OP_DISABLE_VLAN_INSERTION_V2, "disable_vlan_insertion_v2" },
};

const char *vfm_op_name(uint32_t op)
{
	size_t i;

	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (op_names[i].op == op)
			return op_names[i].name;
	return "unknown";
}

int vfm_op_parse(const char *s, uint32_t *op)
{
	size_t i;
	char *end;
	unsigned long v;

	if (!strcmp(s, "any")) {
		*op = 0;
		return 0;
	}
	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++) {
		if (!strcmp(op_names[i].name, s)) {
			*op = op_names[i].op;
			return 0;
		}
	}
	v = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || v > 0xffffffffUL)
		return -EINVAL;
	*op = (uint32_t)v;
	return 0;
}
