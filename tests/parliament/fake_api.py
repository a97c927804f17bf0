"""A fake of Parliament's Committees API and Written Questions API, served over real HTTP on localhost from a
thread of the test process. It answers from the made-up fixtures in fixtures/ (shapes as in the OpenAPI
descriptions), pages with Skip/Take and totalResults as the real ones do, and plays scripted faults: a status
(429 with Retry-After, 500) or a short page, once, for a matching request."""

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str):
    data = json.loads((FIXTURES / name).read_text())
    return data["items"] if isinstance(data, dict) and "items" in data else data


@dataclass
class Fault:
    """Answer `status` (or a page cut to `short` items) to the next `times` requests whose path ends with `path`
    and whose query has all of `query`."""

    path: str
    query: dict = field(default_factory=dict)
    status: int = 0
    retry_after: str = ""
    short: int | None = None
    times: int = 1


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class FakeParliament:
    def __init__(self):
        self.server = make_server("127.0.0.1", 0, self, server_class=ThreadingServer, handler_class=Quiet)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.committees = load("committees.json")
        self.publications = json.loads(json.dumps(load("publications.json")).replace("{fake}", self.url))
        self.types = load("publication_types.json")
        self.questions = load("questions.json")
        self.files: dict[str, tuple[bytes, str]] = {}
        self.faults: list[Fault] = []
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def __call__(self, environ, start_response):
        path, query = environ["PATH_INFO"], parse_qs(environ.get("QUERY_STRING", ""))
        self.requests.append(f"{path}?{environ.get('QUERY_STRING', '')}")
        self.user_agents.add(environ.get("HTTP_USER_AGENT", ""))
        fault = self._fault(path, query)
        if fault and fault.status:
            headers = [("Content-Type", "application/json")]
            if fault.retry_after:
                headers.append(("Retry-After", fault.retry_after))
            start_response(f"{fault.status} Fault", headers)
            return [b'{"error": "made-up fault"}']
        status, body, kind = self.answer(path, query, fault.short if fault else None)
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]

    def _fault(self, path: str, query: dict) -> Fault | None:
        for fault in self.faults:
            wanted = all(query.get(k, [None])[0] == str(v) for k, v in fault.query.items())
            if fault.times and path.endswith(fault.path) and wanted:
                fault.times -= 1
                return fault
        return None

    def answer(self, path: str, query: dict, short: int | None):
        if path in self.files:
            data, kind = self.files[path]
            return "200 OK", data, kind
        routes = {
            "/api/PublicationType": lambda: self.types,
            "/api/Committees": lambda: self.page(self.filter_committees(query), query, short),
            "/api/Publications": lambda: self.page(self.filter_publications(query), query, short),
            "/api/writtenquestions/questions": lambda: self.question_page(query),
        }
        if path in routes:
            return "200 OK", json.dumps(routes[path]()).encode(), "application/json"
        if path.startswith("/api/writtenquestions/questions/"):
            found = [q for q in self.questions if str(q["id"]) == path.rsplit("/", 1)[1]]
            if found:
                return "200 OK", json.dumps({"value": found[0], "links": []}).encode(), "application/json"
        return "404 Not Found", b'{"error": "not found"}', "application/json"

    def page(self, items: list, query: dict, short: int | None) -> dict:
        skip, take = int(query.get("Skip", ["0"])[0]), int(query.get("Take", ["30"])[0])
        chunk = items[skip : skip + take]
        if short is not None:
            chunk = chunk[:short]
        return {"items": chunk, "totalResults": len(items), "itemsPerPage": take, "links": []}

    def filter_committees(self, query: dict) -> list:
        ids = query.get("CommitteeIds")
        return [c for c in self.committees if not ids or str(c["id"]) in ids]

    def filter_publications(self, query: dict) -> list:
        types = query.get("PublicationTypeIds", [])
        start, end = query.get("StartDate", [""])[0], query.get("EndDate", ["9999"])[0]
        committee = query.get("CommitteeId", [None])[0]
        return [
            p
            for p in self.publications
            if (not types or str(p["type"]["id"]) in types)
            and start <= p["publicationStartDate"][:10] <= end
            and (committee is None or str(p["committee"]["id"]) == committee)
        ]

    def question_page(self, query: dict) -> dict:
        skip, take = int(query.get("skip", ["0"])[0]), int(query.get("take", ["20"])[0])
        words = query.get("searchTerm", [""])[0].lower()
        since = query.get("tabledWhenFrom", [""])[0]
        found = [
            q
            for q in self.questions
            if words in (q["heading"] + " " + q["questionText"]).lower() and q["dateTabled"][:10] >= since
        ]
        cut = [
            {
                "value": {
                    **q,
                    "questionText": q["questionText"][:255],
                    "answerText": (q.get("answerText") or "")[:255],
                },
                "links": [],
            }
            for q in found
        ]
        return {"totalResults": len(found), "results": cut[skip : skip + take]}
