from fastapi.testclient import TestClient

from app.main import app


def test_list_orders() -> None:
    assert TestClient(app).get("/orders").json() == []
