"""`reader serve` without a browser: its messages, its guards, and the app process it starts."""

from __future__ import annotations

import asyncio
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reader import serve as serve_module
from reader.serve import app_command, is_loopback, main, refusal, serve

from .conftest import ROOT, SERVER, Served, running_server


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_without_the_extra_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert serve() == 1
    err = capsys.readouterr().err
    assert _lines(err) == ["reader: serving in a browser needs the serve extra: pip install 'reader[serve]'"]


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
        ("", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    "bound, host, origin, allowed",
    [
        ("127.0.0.1", "127.0.0.1:8000", None, True),
        ("127.0.0.1", "localhost:8000", "http://localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", "http://[::1]:8000", True),
        # a page of another site opening the app's WebSocket (browsers send its Origin)
        ("127.0.0.1", "127.0.0.1:8000", "http://evil.example", False),
        ("127.0.0.1", "127.0.0.1:8000", "http://127.0.0.1:9999", False),
        ("127.0.0.1", "127.0.0.1:8000", "null", False),
        # DNS rebinding: the attacker's name now points at 127.0.0.1, so the origins agree
        ("127.0.0.1", "evil.example:8000", "http://evil.example:8000", False),
        ("127.0.0.1", None, None, False),
        # bound for the network: any name the machine is reached by, but only its own pages
        ("0.0.0.0", "reader.lan:8000", "http://reader.lan:8000", True),
        ("0.0.0.0", "192.168.1.5:8000", None, True),
        ("0.0.0.0", "reader.lan:8000", "http://evil.example", False),
    ],
)
def test_requests_from_other_sites_are_refused(
    bound: str, host: str | None, origin: str | None, allowed: bool
) -> None:
    assert (refusal(bound, host, origin) is None) is allowed


@pytest.mark.parametrize("name", ["plain", "with space", 'it\'s "quoted"', "$(touch pwned); `id` & |"])
def test_the_app_command_is_this_interpreter_and_this_package_whatever_the_path(
    name: str, tmp_path: Path
) -> None:
    root = tmp_path / name
    argv = shlex.split(app_command(root))
    assert argv[:3] == [sys.executable, "-P", "-c"]
    assert argv[4:] == [str(root)]
    assert "run_app_process" in argv[3]


def test_a_network_address_gets_a_warning_and_loopback_does_not(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("textual_serve.server")
    started: list[tuple[str, int]] = []

    class Stub:
        def __init__(self, host: str, port: int) -> None:
            started.append((host, port))

        def serve(self) -> None:
            pass

    monkeypatch.setattr(serve_module, "_server", lambda host, port, templates: Stub(host, port))
    assert serve("0.0.0.0", 8123) == 0
    err = _lines(capsys.readouterr().err)
    assert len(err) == 1 and err[0].startswith(
        "reader: warning: listening on 0.0.0.0 port 8123 with no password"
    )
    assert serve("127.0.0.1", 8124) == 0
    assert capsys.readouterr().err == ""
    assert started == [("0.0.0.0", 8123), ("127.0.0.1", 8124)]


def test_an_unusable_home_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("textual_serve.server")
    home = tmp_path / "a-file"
    home.write_text("not a folder")
    assert serve(home=str(home)) == 1
    err = _lines(capsys.readouterr().err)
    assert len(err) == 1 and "cannot be used" in err[0]


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve.server")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-c", SERVER, str(ROOT), "--home", str(tmp_path / "h"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert _lines(done.stderr) == [f"reader: cannot serve on http://127.0.0.1:{port}: address already in use"]


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_bad_port_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--port", port])
    assert exit_.value.code == 2
    assert "not a port number" in capsys.readouterr().err


async def test_the_page_loads_nothing_from_outside(served: Served) -> None:
    aiohttp = pytest.importorskip("aiohttp")
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url + "/") as response:
            assert response.status == 200
            page = await response.text()
        async with session.get(served.url + "/static/js/textual.js") as response:
            assert response.status == 200
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page) + re.findall(r'url\("([^"]*)"\)', page)
    assert addresses and all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses
    assert "://" not in page, "no address on another server"


async def test_other_sites_and_rebound_names_get_nothing(served: Served) -> None:
    aiohttp = pytest.importorskip("aiohttp")
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url + "/", headers={"Host": f"evil.example:{served.port}"}) as response:
            assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served.url + "/ws", origin="http://evil.example")
        assert refused.value.status == 403
    assert not (served.home / "library.json").exists(), "a refused request must not start the app"


async def _first_screen(url: str, until: bytes) -> bytes:
    """Open the app's WebSocket as the page does and return what the app draws until ``until`` is shown."""
    import aiohttp

    received = b""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url + "/ws?width=80&height=24", origin=url) as ws,
        asyncio.timeout(60),
    ):
        while until not in received:
            message = await ws.receive()
            assert message.type == aiohttp.WSMsgType.BINARY, f"the app stopped: {message!r}"
            received += message.data
    return received


async def test_the_app_runs_from_this_package_with_the_served_home(tmp_path: Path) -> None:
    pytest.importorskip("aiohttp")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "reader").mkdir(parents=True)  # a folder that would be imported as `reader` from here
    marker = tmp_path / "wrong-reader-imported"
    (elsewhere / "reader" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    home = tmp_path / "served-home"
    with running_server(home, tmp_path / "server.log", cwd=elsewhere) as server:
        screen = await _first_screen(server.url, "香港".encode())
    assert "香港".encode() in screen, "the app should show the library of bundled articles"
    assert (home / "library.json").exists(), "the app must keep its data under the served home"
    assert not marker.exists(), "the app process imported a `reader` from the current folder"
