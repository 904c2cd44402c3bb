"""Programme forms, one module per area."""
