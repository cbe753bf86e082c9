"""The touchscreen kiosk (термінал): a mounted sub-app that issues tickets."""
