"""Ticket printing for the ЦНАП queue: slips, ESC/POS rendering and printer drivers.

Stand-alone by design: this package never imports ``queue_server`` so it can run as a
print agent next to a USB printer. Layers (STYLE.md habit 9): a slip dataclass
(:mod:`printers.slip`), a pure ``render(slip) -> bytes`` (:mod:`printers.render`) and a
driver ``send(bytes)`` (:mod:`printers.drivers`).
"""
