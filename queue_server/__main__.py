"""``python -m queue_server [serve|migrate]``: run the server, or only migrate."""

from __future__ import annotations

import argparse
import logging
import logging.config
import sys

from pydantic import ValidationError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m queue_server")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    args = parser.parse_args(argv)

    from queue_server.config import Settings
    from queue_server.logs import logging_config

    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "".join(f"QMS_{str(part).upper()}: " for part in error["loc"])
            print(f"configuration error: {name}{error['msg']}", file=sys.stderr)
        return 2
    # Once here for this process; uvicorn applies the same again in each worker it starts.
    log_config = logging_config(settings.log_format)
    logging.config.dictConfig(log_config)

    if args.command == "migrate":
        from queue_server.adapters.migrate import upgrade

        upgrade(settings.database_url)
        return 0

    import uvicorn

    if settings.demo:
        banner = (
            f"\n  Електронна черга ЦНАП: http://{settings.host}:{settings.port}/  (API: /docs)\n"
            "  Демо-входи / demo logins: manager, reception, admin01…admin12\n"
            "  Пароль / password: demo\n"
            f"  Табло / hall display: http://{settings.host}:{settings.port}"
            "/display/?token=d_demo-display\n"
            f"  Термінал / kiosk: http://{settings.host}:{settings.port}"
            "/kiosk/?token=d_demo-kiosk  (без принтера / no printer: d_demo-kiosk-screen)\n"
        )
        if settings.log_format == "json":
            logging.getLogger("queue_server").info(banner.strip())
        else:
            print(banner, flush=True)
    uvicorn.run(
        "queue_server.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="info",
        log_config=log_config,
        # In JSON mode the request middleware writes the access lines.
        access_log=settings.log_format == "text",
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
