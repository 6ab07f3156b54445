"""Call Center Management: CCD pilots of a node, their opening and their normal and exception calendars."""
