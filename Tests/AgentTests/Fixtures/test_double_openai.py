#!/usr/bin/env python3
"""TEST DOUBLE of an OpenAI-compatible server, for Loupe's controller tests only: it returns
canned completions, it is not a model. Started by the tests on 127.0.0.1 with an ephemeral port,
which it prints as its first stdout line ("PORT <n>").

Routes (POST, JSON):
  /v1/chat/completions  -> the next canned reply as choices[0].message.content
  /v1/completions       -> the next canned reply as choices[0].text
  /hang/...             -> accepts the request and never answers (a hanging server)
  /flaky/v1/chat/completions -> 503 on the first request, then like /v1/chat/completions
  /slow/S/v1/...        -> waits S seconds, then answers like /v1/...
Every request body is appended as one JSON line to the log file, with the Authorization header
under "_authorization". When --key is given, requests without "Bearer KEY" get 401.

usage: test_double_openai.py REPLIES.json LOG.jsonl [--key KEY]
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

replies = json.load(open(sys.argv[1]))
log_path = sys.argv[2]
key = sys.argv[sys.argv.index("--key") + 1] if "--key" in sys.argv else None
lock = threading.Lock()
state = {"next": 0, "flaky_failed": False}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        body["_authorization"] = self.headers.get("Authorization")
        body["_path"] = self.path
        with lock:
            with open(log_path, "a") as log:
                log.write(json.dumps(body) + "\n")
        if self.path.startswith("/hang/"):
            time.sleep(3600)
            return
        if key is not None and self.headers.get("Authorization") != "Bearer " + key:
            self.send(401, {"error": {"message": "Incorrect API key provided"}})
            return
        path = self.path
        if path.startswith("/flaky/"):
            with lock:
                failed = state["flaky_failed"]
                state["flaky_failed"] = True
            if not failed:
                self.send(503, {"error": {"message": "overloaded, try again"}})
                return
            path = path[len("/flaky"):]
        if path.startswith("/slow/"):
            _, _, seconds, rest = path.split("/", 3)
            time.sleep(float(seconds))
            path = "/" + rest
        with lock:
            reply = replies[min(state["next"], len(replies) - 1)]
            state["next"] += 1
        if path == "/v1/chat/completions":
            self.send(200, {"id": "x", "object": "chat.completion",
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}]})
        elif path == "/v1/completions":
            self.send(200, {"id": "x", "object": "text_completion", "choices": [{"index": 0, "text": reply, "finish_reason": "stop"}]})
        else:
            self.send(404, {"error": {"message": "no route " + self.path}})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
