"""The hall screen (табло): a mounted sub-app that shows and speaks each call."""
