"""``python -m queue_server [serve|migrate]``: run the server, or only migrate."""

from __future__ import annotations

import argparse
import logging
import sys

from pydantic import ValidationError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m queue_server")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    from queue_server.config import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            print(f"configuration error: {error['msg']}", file=sys.stderr)
        return 2

    if args.command == "migrate":
        from queue_server.adapters.migrate import upgrade

        upgrade(settings.database_url)
        return 0

    import uvicorn

    if settings.demo:
        print(
            f"\n  Електронна черга ЦНАП: http://{settings.host}:{settings.port}/  (API: /docs)\n"
            "  Демо-входи / demo logins: manager, reception, admin01…admin12\n"
            "  Пароль / password: demo\n"
            f"  Табло / hall display: http://{settings.host}:{settings.port}"
            "/display/?token=d_demo-display\n"
            f"  Термінал / kiosk: http://{settings.host}:{settings.port}"
            "/kiosk/?token=d_demo-kiosk  (без принтера / no printer: d_demo-kiosk-screen)\n",
            flush=True,
        )
    uvicorn.run(
        "queue_server.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="info",
        proxy_headers=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
