"""Composition root: settings, Bot and Dispatcher factories, middlewares and the CLI."""
