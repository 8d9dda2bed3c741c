"""A TCP proxy that puts an object store some milliseconds away: every connection it opens upstream
waits one round trip (the TCP handshake), and every chunk the store sends back is delivered that
much later (so each request-response costs at least one round trip, while a stream keeps its
throughput). It counts the HTTP requests it forwards, to tell how many round trips a call made.

    proxy = LatencyProxy("127.0.0.1", 9000, latency_ms=20); proxy.start(); ...; proxy.close()
"""
import asyncio
import re
import threading

REQUEST_LINE = re.compile(rb"(?:GET|HEAD|PUT|POST|DELETE) \S+ HTTP/1\.[01]\r\n")


class LatencyProxy:
    def __init__(self, upstream_host: str, upstream_port: int, latency_ms: float):
        self.upstream = (upstream_host, upstream_port)
        self.latency = latency_ms / 1000
        self.requests = 0
        self.connections = 0
        self.port = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LatencyProxy":
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(10)
        return self

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    def counted(self) -> int:
        return self.requests

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _connection(self, client_reader, client_writer) -> None:
        self.connections += 1
        await asyncio.sleep(self.latency)  # the handshake's round trip
        try:
            store_reader, store_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(self._pipe(client_reader, store_writer, 0, count=True),
                             self._pipe(store_reader, client_writer, self.latency), return_exceptions=True)

    async def _pipe(self, source, sink, delay: float, count: bool = False) -> None:
        queue: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()

        async def deliver():
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                sink.write(data)
                await sink.drain()
            sink.close()

        delivering = asyncio.ensure_future(deliver())
        try:
            while data := await source.read(1 << 16):
                if count:
                    self.requests += len(REQUEST_LINE.findall(data))
                queue.put_nowait((loop.time() + delay, data))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait((0, None))
            await asyncio.gather(delivering, return_exceptions=True)
