"""Entry point: `township-desk` starts the GUI; with a subcommand it runs headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from desktop.db.files import private_umask

    private_umask()  # every file the app writes is 0600, every folder 0700 (docs/security.md)
    from desktop.cli import build_parser

    parser = build_parser()
    ns, _ = parser.parse_known_args(args)
    if ns.command is None and not any(a in ("-h", "--help") for a in args):
        from desktop.ui.app import run_gui  # the only place the CLI reaches for Qt

        return int(run_gui(data_dir=ns.data_dir, smoke=ns.smoke))
    from desktop.cli import run

    return run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
