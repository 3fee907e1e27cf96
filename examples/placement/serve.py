"""Serve OpenStack Placement on 127.0.0.1 with the standard library's WSGI server (threaded), for
examples/placement/run.sh. The configuration directory is OS_PLACEMENT_CONFIG_DIR (placement.conf there).

    python serve.py PORT
"""

import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from placement import wsgi


class ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


if __name__ == "__main__":
    app = wsgi.init_application()
    make_server("127.0.0.1", int(sys.argv[1]), app, server_class=ThreadedServer,
                handler_class=QuietHandler).serve_forever()
