"""The visitor's own pages: the phone page behind a ticket's QR code, and the rating pad
at each window."""
