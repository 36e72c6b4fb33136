"""Views: widgets laid out in code. They show things and emit what the user did;
the controller (ui/desk/) decides what happens."""
