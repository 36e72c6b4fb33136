"""The Qt (PySide6) layer of Copydesk: windows, models and workers on the core in app/."""
