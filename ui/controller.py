"""Where the desk's controller used to live; it is ``ui.desk.controller`` now."""

from ui.desk.controller import DeskController

__all__ = ["DeskController"]
