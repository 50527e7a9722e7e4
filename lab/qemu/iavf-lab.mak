# Devices of the lab's QEMU (x86_64, TCG): a q35 machine with PCIe root ports
# and the emulated iavf VF. Everything else is left out on purpose.
CONFIG_Q35=y
CONFIG_PCIE_PORT=y
CONFIG_IAVF_VF=y
