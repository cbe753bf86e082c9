"""Websockets: the live event stream of each office."""
