"""API routers: thin shells that parse the request, call one service, and shape the response."""
