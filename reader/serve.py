"""``reader serve``: the same app in a web browser, through textual-serve (the ``serve`` extra).

textual-serve starts one app process per browser tab and relays the terminal
between it and xterm.js in the page. It has no authentication, so it listens
on the loopback address unless told otherwise, and says loudly when it is not.
Two more guards sit in front of it: the app's WebSocket only accepts a page of
the same origin (any web site the user visits could otherwise open
``ws://127.0.0.1:8000/ws`` and read and type into the reader), and on the
loopback address the ``Host`` must be a loopback name (a DNS-rebinding page
could otherwise call itself the reader's origin).

textual-serve runs the app as a shell command. Nothing from a request reaches
that command: it is fixed when the server starts, from this interpreter and
this copy of the package (quoted), and the data home goes in the environment
(``READER_HOME``), which the app process inherits.

The page is our own (textual-serve's asks Google for a web font): it loads
nothing from outside and gives xterm.js fonts whose Han characters are exactly
two Latin cells wide, so pinyin stays over its characters (see :data:`HAN_FONTS`).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # textual-serve is an extra, imported when serving
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "serving in a browser needs the serve extra: pip install 'reader[serve]'"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]

# xterm.js in textual-serve's script asks for "'Roboto Mono', Monaco, 'Courier New', monospace", a list
# the page cannot change; the page defines "Roboto Mono" itself, in two parts:
# - Latin letters from the first installed of these monospaced fonts, each of which has every pinyin
#   letter (ǎ ǚ ...) at the width of "a" (Noto Sans Mono CJK's accented letters are proportional and
#   spill out of their cells; textual-serve's Roboto Mono, the last resort, lacks ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ);
# - Han characters, CJK punctuation and bopomofo from the first installed of these CJK fonts, scaled
#   when the page opens so that each is exactly two of xterm.js's cells wide: pinyin then starts
#   exactly over its character whatever the two fonts and the size.
# (full name, PostScript name): Chromium's local() matches either.
LATIN_FONTS = (
    ("DejaVu Sans Mono", "DejaVuSansMono"),
    ("Noto Sans Mono", "NotoSansMono"),
    ("Menlo", "Menlo"),
    ("Cascadia Mono", "CascadiaMono"),
    ("Consolas", "Consolas"),
)
HAN_FONTS = (
    ("Noto Sans CJK SC", "NotoSansCJKsc"),
    ("Noto Sans Mono CJK SC", "NotoSansMonoCJKsc"),
    ("Source Han Sans SC", "SourceHanSansSC"),
    ("Sarasa Gothic SC", "SarasaGothicSC"),
    ("PingFang SC", "PingFangSC"),
    ("Microsoft YaHei", "MicrosoftYaHei"),
    ("WenQuanYi Zen Hei", "WenQuanYiZenHei"),
    ("WenQuanYi Micro Hei", "WenQuanYiMicroHei"),
)
# What terminals draw two cells wide in CJK text (East Asian Wide and Fullwidth, without emoji).
HAN_RANGE = (
    "U+1100-115F, U+2E80-303E, U+3041-33FF, U+3400-4DBF, U+4E00-9FFF, U+A960-A97F, "
    "U+AC00-D7A3, U+F900-FAFF, U+FE10-FE19, U+FE30-FE6B, U+FF01-FF60, U+FFE0-FFE6, "
    "U+20000-3FFFD"
)
_BUNDLED_LATIN = "/static/fonts/RobotoMono-VariableFont_wght.ttf"


def font_sources(fonts: Sequence[tuple[str, str]], bold: bool) -> str:
    """A CSS ``src`` list of installed fonts; a family without a bold face lends its regular one
    (text shows unbolded rather than in a font of other widths)."""
    names: list[str] = []
    for full, postscript in fonts:
        if bold:
            names += [f"{full} Bold", f"{postscript}-Bold"]
        names += [full, f"{full} Regular", postscript, f"{postscript}-Regular"]
    return ", ".join(f'local("{name}")' for name in names)


def _latin_face(weight: int) -> str:
    sources = font_sources(LATIN_FONTS, weight >= 700) + f', url("{_BUNDLED_LATIN}") format("truetype")'
    return f'@font-face {{ font-family: "Roboto Mono"; font-weight: {weight}; src: {sources}; }}\n'


# Adapted from textual-serve's app_index.html (MIT): no outside requests, addresses relative to the
# page (so it works under whatever name the browser used), and the fonts above made ready before
# xterm.js measures its cells. xterm.js's canvas renderers make a cell the width of "W" (measured as
# 32 of them in a span) floored to whole device pixels; the Han face is scaled to two such cells.
_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>reader</title>
<link rel="stylesheet" href="/static/css/xterm.css">
<style>
LATIN_FACES
html, body { margin: 0; height: 100%; background: #0c181f; }
#terminal { position: absolute; inset: 0; }
.notice { display: none; position: absolute; inset: 0; z-index: 10; align-items: center;
  justify-content: center; flex-direction: column; color: #eee; font: 16px "Roboto Mono", monospace; }
body.-closed .notice { display: flex; background: #0c181f; }
.notice button { margin: 16px; padding: 12px 28px; font: inherit; cursor: pointer; }
</style>
<script src="/static/js/textual.js"></script>
<script>
(() => {
  const HAN = {400: 'HAN_REGULAR', 700: 'HAN_BOLD'};
  const HAN_RANGE = "HAN_UNICODE_RANGE";
  function cellWidth(size) {
    const span = document.createElement("span");
    Object.assign(span.style, {fontFamily: '"Roboto Mono"', fontSize: `${size}px`, whiteSpace: "pre",
                               fontKerning: "none", position: "absolute", visibility: "hidden"});
    span.textContent = "W".repeat(32);
    document.body.appendChild(span);
    const dpr = window.devicePixelRatio || 1, width = span.offsetWidth / 32;
    span.remove();
    return Math.floor(width * dpr) / dpr;
  }
  async function fitHan(size) {
    await Promise.allSettled([400, 700].map(w => document.fonts.load(`${w} ${size}px "Roboto Mono"`, "W")));
    const cell = cellWidth(size), ctx = document.createElement("canvas").getContext("2d");
    for (const [weight, src] of Object.entries(HAN)) {
      const probe = new FontFace(`reader-han-${weight}`, src, {weight});
      try { await probe.load(); } catch (error) { continue; }  // none installed: the browser's choice
      document.fonts.add(probe);
      ctx.font = `${weight} ${size}px "reader-han-${weight}"`;
      const han = ctx.measureText("中").width;
      document.fonts.delete(probe);
      const face = new FontFace("Roboto Mono", src,
                                {weight, unicodeRange: HAN_RANGE, sizeAdjust: `${200 * cell / han}%`});
      document.fonts.add(await face.load());
    }
  }
  const start = window.onload;
  window.onload = (event) => {
    const terminal = document.getElementById("terminal");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    terminal.dataset.sessionWebsocketUrl = `${scheme}//${location.host}/ws`;
    fitHan(Number(terminal.dataset.fontSize) || 16).catch(console.error).finally(() => start(event));
  };
})();
</script>
</head>
<body>
<div class="notice"><div>The reader has closed.</div>
<button type="button" onclick="location.reload()">Open again</button></div>
<div id="terminal" class="textual-terminal" data-font-size="{{ font_size }}"></div>
</body>
</html>
"""


def _page() -> str:
    page = _PAGE
    for name, value in (
        ("LATIN_FACES", _latin_face(400) + _latin_face(700)),
        ("HAN_UNICODE_RANGE", HAN_RANGE),
        ("HAN_REGULAR", font_sources(HAN_FONTS, False)),
        ("HAN_BOLD", font_sources(HAN_FONTS, True)),
    ):
        page = page.replace(name, value)
    return page


PAGE = _page()


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is this machine only."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refusal(bound_host: str, host_header: str | None, origin: str | None) -> str | None:
    """Why a request must be refused, or None to let it through.

    A browser always sends ``Origin`` with a WebSocket handshake: it must name the page's own host.
    Bound to loopback, the ``Host`` must also be a loopback name, which a rebound DNS name is not.
    """
    host = (host_header or "").strip().lower()
    if is_loopback(bound_host) and not is_loopback(urlsplit(f"//{host}").hostname or ""):
        return "the reader answers only to localhost"
    if origin is not None:
        parts = urlsplit(origin.strip().lower())
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            return "a page from another site may not open the reader"
    return None


def app_command(root: Path | None = None) -> str:
    """The shell command that starts one app process: this interpreter and this copy of the package.

    ``-P`` keeps the current folder off ``sys.path`` (a ``reader`` folder there would be imported
    instead); the package's own folder is put first when it is not already on the path (a checkout).
    """
    root = root or Path(__file__).resolve().parent.parent
    code = (
        "import sys; r = sys.argv[1]; r in sys.path or sys.path.insert(0, r); "
        "from reader.serve import run_app_process; raise SystemExit(run_app_process())"
    )
    args = [sys.executable, "-P", "-c", code, str(root)]
    return subprocess.list2cmdline(args) if os.name == "nt" else shlex.join(args)


def run_app_process() -> int:
    """The app in a process textual-serve started (its web driver is chosen by the environment)."""
    from reader.core.paths import Locations
    from reader.ui.app import run_app

    return run_app(Locations.resolve(None))


def _say(message: str) -> None:
    from reader.core.sanitize import visible_line

    print(f"reader: {visible_line(message)}", file=sys.stderr)  # noqa: T201 - the server's own terminal


def _url(host: str, port: int) -> str:
    """The address to open: the machine's name when listening on all of its addresses."""
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _app_environment(env: MutableMapping[str, str], home: Path | None) -> None:
    """What every app process inherits: the served home (absolute, so that nothing depends on a
    folder), and, when this copy of the package is not the current folder's, no current folder on
    ``sys.path`` (for the app's own helper processes too, which start with ``-m``)."""
    if home is not None:
        env["READER_HOME"] = str(home)
    if Path.cwd().resolve() != Path(__file__).resolve().parent.parent:
        env["PYTHONSAFEPATH"] = "1"


def _why(exc: OSError) -> str:
    """The system's words for a failed listen ("address already in use"), without asyncio's wrapping."""
    if isinstance(exc, socket.gaierror) or not exc.errno:
        return str(exc.strerror or exc)
    return os.strerror(exc.errno).lower()


def _server(host: str, port: int, templates: Path) -> Server:
    """A textual-serve Server with the guards of :func:`refusal` and a quieter start-up line."""
    from aiohttp import web
    from textual_serve.server import Server

    class ReaderServer(Server):
        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            self._check(request)
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            self._check(request)
            return await super().handle_websocket(request)

        def _check(self, request: web.Request) -> None:
            why = refusal(host, request.headers.get("Host"), request.headers.get("Origin"))
            if why:
                raise web.HTTPForbidden(text=why)

        async def on_startup(self, app: web.Application) -> None:
            self.console.print(f"reader: serving on {_url(host, port)} (Ctrl+C to stop)", highlight=False)

    return ReaderServer(
        app_command(),
        host=host,
        port=port,
        title="reader",
        public_url=_url(host, port),
        templates_path=templates,
    )


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, home: str | None = None) -> int:
    """Serve the app until interrupted; the exit status for the command line."""
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        _say(INSTALL_HINT)
        return 1
    from reader.core.paths import HomeError, Locations

    try:
        locations = Locations.resolve(home)
        _ = locations.data  # the folder is made (or refused) now, not in every browser tab
    except HomeError as exc:
        _say(str(exc))
        return 1
    _app_environment(os.environ, locations.data_root if home or os.environ.get("READER_HOME") else None)
    if not is_loopback(host):
        _say(
            f"warning: listening on {host} port {port} with no password: anyone who can reach this "
            "machine on that port can read and change your library and notes"
        )
    with tempfile.TemporaryDirectory(prefix="reader-serve-") as folder:
        (Path(folder) / "app_index.html").write_text(PAGE, encoding="utf-8")
        try:
            _server(host, port, Path(folder)).serve()
        except OSError as exc:
            _say(f"cannot serve on {_url(host, port)}: {_why(exc)}")
            return 1
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}: this machine only; "
        "any other has no password)",
    )
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")


def cmd_serve(args: argparse.Namespace) -> int:
    return serve(args.host, args.port, args.home)


def add_serve_command(subparsers: Any, command: Command) -> None:
    """Add ``serve`` to the parser whose ``command`` helper is given (``subparsers`` is unused)."""
    del subparsers
    add_arguments(command("serve", cmd_serve, "open the reader in a web browser (needs reader[serve])"))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m reader.serve [--home DIR] [--host H] [--port N]``: the same as ``reader serve``."""
    parser = argparse.ArgumentParser(prog="reader serve", description="open the reader in a web browser")
    parser.add_argument("--home", metavar="DIR", help="keep all data under DIR")
    add_arguments(parser)
    return cmd_serve(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
