"""Programme services, one module per area."""
