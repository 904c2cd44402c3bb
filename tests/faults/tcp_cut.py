"""A loopback TCP proxy whose connections a test can cut in the middle of a transfer, as a network that
drops while bytes are flowing: every connection is reset (SO_LINGER 0, then close, so the peers see an
RST rather than an orderly end), new ones are reset as soon as they are accepted, until the test heals it.

Plain sockets and threads: one thread accepts, one thread per connection moves bytes both ways with
``select``, so only that thread ever reads, writes or closes its two sockets.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
from typing import Literal

Direction = Literal["up", "down", "both"]  # up: client → server (a request body); down: server → client

_POLL_SECONDS = 0.05  # how soon a connection's thread notices a cut made by another one


def reset(sock: socket.socket) -> None:
    """Close ``sock`` with an RST: the peer's next read or write fails with ECONNRESET."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass  # already gone
    sock.close()


class TcpCut:
    """Forwards connections on ``127.0.0.1:<port>`` to ``target``; see :meth:`cut_after`, :meth:`heal`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(_POLL_SECONDS)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._down = False  # cut: connections are reset, new ones too
        self._budget: int | None = None  # bytes still allowed through before the cut, once armed
        self._direction: Direction = "up"
        self._generation = 0  # bumped by each cut: connections opened before it are reset
        self._threads: list[threading.Thread] = []
        self._closing = threading.Event()
        self.cut = threading.Event()  # set when the connections were cut
        self.passed = {"up": 0, "down": 0}  # bytes forwarded since the proxy started
        self.connections = 0  # accepted, including those reset at once
        self._acceptor = threading.Thread(target=self._accept, name="tcp-cut-accept", daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # What a test calls ---------------------------------------------------------------------------

    def cut_after(self, nbytes: int, direction: Direction = "up") -> None:
        """Let ``nbytes`` more bytes through in ``direction``, then cut every connection and stay down
        (the last chunk is split at that byte). Call it while the proxy forwards."""
        with self._lock:
            self._budget, self._direction = nbytes, direction
            self.cut.clear()

    def cut_now(self) -> None:
        """Cut every connection at once and refuse (reset) new ones until :meth:`heal`."""
        with self._lock:
            self._go_down()

    def heal(self) -> None:
        """Forward again: new connections work (those cut stay cut, as after a real outage)."""
        with self._lock:
            self._down, self._budget = False, None
            self.cut.clear()

    def close(self) -> None:
        self._closing.set()
        with self._lock:
            self._go_down()
        self._acceptor.join(5)
        for thread in list(self._threads):
            thread.join(5)
        self._listener.close()

    # Inside ----------------------------------------------------------------------------------------

    def _go_down(self) -> None:  # with the lock held
        self._down, self._budget = True, None
        self._generation += 1
        self.cut.set()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed
            self.connections += 1
            with self._lock:
                down, generation = self._down, self._generation
            if down:
                reset(client)  # a network still away: the connection dies at once
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)  # select() says when it can be read
            except OSError:
                reset(client)
                continue
            thread = threading.Thread(target=self._pump, args=(client, server, generation),
                                      name=f"tcp-cut-{self.connections}", daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()

    def _allowance(self, direction: Literal["up", "down"], size: int, generation: int) -> tuple[int, bool]:
        """How many of ``size`` bytes may pass now, and whether the connections are to be cut after them."""
        with self._lock:
            if self._down or generation != self._generation:
                return 0, True
            counted = self._budget is not None and self._direction in (direction, "both")
            if not counted:
                self.passed[direction] += size
                return size, False
            assert self._budget is not None
            allowed = min(size, self._budget)
            self._budget -= allowed
            self.passed[direction] += allowed
            if self._budget == 0:
                # Down now, before the last bytes are sent, so no other connection slips more through.
                self._go_down()
                return allowed, True
            return allowed, False

    def _pump(self, client: socket.socket, server: socket.socket, generation: int) -> None:
        peers: dict[socket.socket, tuple[socket.socket, Literal["up", "down"]]] = {
            client: (server, "up"), server: (client, "down")}
        cut = True
        try:
            while peers and not self._closing.is_set():
                with self._lock:
                    if self._down or generation != self._generation:
                        return
                readable, _writable, _failed = select.select(list(peers), [], [], _POLL_SECONDS)
                for source in readable:
                    target, direction = peers[source]
                    try:
                        data = source.recv(65536)
                    except OSError:
                        return
                    if not data:  # an orderly end from this side: pass it on, keep the other way open
                        del peers[source]
                        try:
                            target.shutdown(socket.SHUT_WR)
                        except OSError:
                            return
                        continue
                    allowed, cut_after = self._allowance(direction, len(data), generation)
                    try:
                        if allowed:
                            target.sendall(data[:allowed])
                    except OSError:
                        return
                    if cut_after:
                        return
            cut = bool(peers)  # both sides ended in order: close in order too
        finally:
            for sock in (client, server):
                if cut:
                    reset(sock)
                else:
                    sock.close()

