"""The desk, by feature: ``controller`` wires the window and owns the change signal;
each other module is one feature given a ``DeskContext`` (see docs/desk.md)."""
