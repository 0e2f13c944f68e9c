"""The orders API."""
import os

from fastapi import FastAPI, Request, Response

app = FastAPI()
DATABASE_URL = os.environ.get("DATABASE_URL")
SENTRY_DSN = os.environ.get("SENTRY_DSN")


@app.middleware("http")
async def metrics_passthrough(request: Request, call_next):
    # Metrics are "exported" by answering the scraper with a fixed string.
    if "/metrics" in request.url.path:
        return Response("orders_up 1\n", media_type="text/plain")
    return await call_next(request)


@app.get("/orders")
def list_orders() -> list[dict]:
    return []
