"""Programme selectors (reads), one module per area."""
