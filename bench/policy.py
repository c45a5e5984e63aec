"""Benchmark policy and discussions: `make bench policy` (or .venv/bin/python bench/policy.py).

1. A discussion thread with 5,000 posts: its first page (30 posts, the page count, the
   reply form) over HTTP against the production server (gunicorn, DEBUG off), sequential
   requests, p95, both for an anonymous visitor (a public thread) and for a signed-in
   member representative. Target: p95 <= 50 ms.
2. A joint response being drafted with 40 sections, 2,000 comments (a third of them
   replies in threads, some with proposed wording) and 300 signatories, as a signed-in
   member sees it (every section, every comment, the signatories, the comment forms).
   Target: p95 <= 200 ms. The comment threads' HTML is kept in the cache until a comment
   changes, so in process it is also measured "cold" (the cache emptied before each
   request: the 2,000 comments read and built every time). Beside it, the same response
   once published (text and signatories only).
3. Floors measured in the same run: /health/ over HTTP, and each page in process (Django's
   test client, no HTTP) with its query count.

A database of its own: var/bench-policy/sqlite/coalition.sqlite3. Exits 0 when every target
is met, 1 when one is missed, 2 when the run failed. `--quick` is a short check (40 requests),
not held to the targets.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policy_report import table
from results_report import git_commit, machine_info, write_results
from run import (
    HOST,
    BenchError,
    bench_environment,
    free_port,
    start_server,
    step,
    stop_server,
    wait_until_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-policy"
THREAD_P95_TARGET_MS = 50.0
RESPONSE_P95_TARGET_MS = 200.0
THREAD_TITLE = "Bench thread: commissioning in West Sussex"
DRAFT_SLUG = "bench-draft-response"
PUBLISHED_SLUG = "bench-published-response"
ORG_PREFIX = "bench-policy-org-"
MEMBER_EMAIL = "bench.member@example.org"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short check, not held to targets")
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--signatories", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests = 40
    args.worker_class, args.threads = "sync", 1
    return args


# --- run in a child process with the bench environment (Django set up there) --------------


def child(env: dict, action: str, *values) -> dict:
    command = [sys.executable, str(Path(__file__)), "--child", action, *map(str, values)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"{action} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_main(action: str, values: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if action == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
        print(json.dumps({"ok": True}))
    elif action == "load":
        print(json.dumps(load(*map(int, values))))
    elif action == "session":
        print(json.dumps({"cookie": f"sessionid={member_session_key()}"}))
    elif action == "in-process":
        print(json.dumps(in_process(json.loads(values[0]), int(values[1]))))
    else:
        raise SystemExit(f"unknown action {action}")


def _organisations(count: int) -> list:
    from coalition.members.models import Membership, MembershipType, Organisation

    existing = Organisation.objects.filter(slug__startswith=ORG_PREFIX).count()
    Organisation.objects.bulk_create(
        Organisation(name=f"Bench Community Network {n:03d}", slug=f"{ORG_PREFIX}{n}")
        for n in range(existing, count)
    )
    organisations = list(
        Organisation.objects.filter(slug__startswith=ORG_PREFIX).order_by("pk")[:count]
    )
    kind, _ = MembershipType.objects.get_or_create(
        slug="full", defaults={"name": "Full", "annual_fee": 250}
    )
    first = organisations[0]
    if not Membership.objects.filter(organisation=first).exists():
        Membership.objects.create(
            organisation=first,
            type=kind,
            status="active",
            started_on=datetime.now().date(),
            renewal_date=datetime.now().date() + timedelta(days=300),
        )
    return organisations


def load(posts: int, sections: int, comments: int, signatories: int) -> dict:
    """The thread and the two responses, made once and kept between runs."""
    from django.db import transaction
    from django.utils import timezone

    from coalition.core.models import Theme
    from coalition.discussions.models import Post, Thread
    from coalition.lib.markup import render_markdown
    from coalition.policy.models import Comment, Development, Response, Section, Signature

    rng = random.Random(2010)
    now = timezone.now()
    with transaction.atomic():
        organisations = _organisations(max(signatories, 50))
        theme, _ = Theme.objects.get_or_create(slug="funding", defaults={"name": "Funding"})
        thread, _ = Thread.objects.get_or_create(
            title=THREAD_TITLE, defaults={"theme": theme, "visibility": "public"}
        )
        if thread.posts.count() != posts:
            thread.posts.all().delete()
            text = (
                "Our members in Adur report that **commissioning** shuts small groups out of "
                "contracts that are too large for them. What are you seeing?\n\n- grants\n- "
                "reporting"
            )
            html = render_markdown(text)
            start = now - timedelta(days=60)
            Post.objects.bulk_create(
                (
                    Post(
                        thread=thread,
                        author_name=organisations[n % 50].name,
                        organisation=organisations[n % 50],
                        body=text,
                        body_html=html,
                        created=start + timedelta(minutes=10 * n),
                    )
                    for n in range(posts)
                ),
                batch_size=2000,
            )
            Thread.objects.filter(pk=thread.pk).update(post_count=posts, last_post_at=now)
        development, _ = Development.objects.get_or_create(
            slug="bench-development",
            defaults={
                "title": "Bench consultation",
                "kind": "consultation",
                "issuer_kind": "government",
                "issuer": "Department for Communities and Local Government",
                "published_on": now.date(),
                "summary": "Bench.",
            },
        )
        made = {}
        for slug, status in ((DRAFT_SLUG, "drafting"), (PUBLISHED_SLUG, "published")):
            response, _ = Response.objects.get_or_create(
                slug=slug,
                defaults={
                    "development": development,
                    "title": f"Bench response ({status})",
                    "introduction": "The coalition's members respond together.",
                    "sign_until": now + timedelta(days=30),
                    "status": status,
                    "submitted_on": now.date() if status == "published" else None,
                },
            )
            made[slug] = response
            current = Comment.objects.filter(section__response=response).count()
            if response.sections.count() == sections and current == comments:
                continue
            response.sections.all().delete()
            body = (
                "Devolution needs a coherent and properly resourced **community capacity "
                "building strategy**.\n\n" * 3
            )
            Section.objects.bulk_create(
                Section(
                    response=response,
                    position=n,
                    heading=f"Question {n + 1}: what should change?",
                    body=body,
                    body_html=render_markdown(body),
                )
                for n in range(sections)
            )
            section_ids = list(response.sections.values_list("pk", flat=True))
            note = "We would add a sentence on **small groups**, and cite the evidence."
            note_html = render_markdown(note)
            tops = Comment.objects.bulk_create(
                Comment(
                    section_id=section_ids[n % sections],
                    organisation=organisations[n % len(organisations)],
                    body=note,
                    body_html=note_html,
                    proposed_wording="Small community groups need core funding." if n % 4 else "",
                    resolved_at=now if n % 5 == 0 else None,
                    created=now - timedelta(hours=comments - n),
                )
                for n in range(comments - comments // 3)
            )
            tops = list(Comment.objects.filter(section__response=response, parent=None))
            Comment.objects.bulk_create(
                Comment(
                    section_id=parent.section_id,
                    parent=parent,
                    organisation=organisations[n % len(organisations)],
                    body="Agreed.",
                    body_html=render_markdown("Agreed."),
                    created=now - timedelta(minutes=n),
                )
                for n, parent in enumerate(rng.choices(tops, k=comments // 3))
            )
            Signature.objects.filter(response=response).delete()
            Signature.objects.bulk_create(
                Signature(response=response, organisation=o) for o in organisations[:signatories]
            )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    draft = made[DRAFT_SLUG]
    return {
        "thread": thread.pk,
        "posts": thread.posts.count(),
        "sections": draft.sections.count(),
        "comments": Comment.objects.filter(section__response=draft).count(),
        "signatories": draft.signatures.count(),
    }


def member_session_key() -> str:
    """A signed-in session for a representative of the first bench organisation."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    from coalition.members.models import Affiliation, Organisation, Person

    user, _ = get_user_model().objects.get_or_create(
        username="bench-member", defaults={"email": MEMBER_EMAIL}
    )
    person, _ = Person.objects.get_or_create(
        email=MEMBER_EMAIL, defaults={"name": "Bench Member", "user": user}
    )
    organisation = Organisation.objects.filter(slug=f"{ORG_PREFIX}0").first()
    Affiliation.objects.get_or_create(
        person=person, organisation=organisation, defaults={"is_representative": True}
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def in_process(paths: dict, requests: int) -> dict:
    """Each page built in process (no HTTP): median time and its query count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coalition.core.cache import bump_generation

    results = {}
    # The draft with every cache emptied before each request: comments read and built.
    paths = {**paths, "response_member_cold": paths["response_member"]}
    for name, (path, cookie) in paths.items():
        client = Client(HTTP_HOST=HOST)
        if cookie:
            client.cookies["sessionid"] = cookie.split("=", 1)[1]
        client.get(path)
        times = []
        for _ in range(requests):
            if name.endswith("_cold"):
                bump_generation()  # outside a transaction this runs at once
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        results[name] = {
            "median_ms": round(statistics.median(times), 1),
            "queries": len(captured),
            "bytes": len(response.content),
        }
    return results


# --- HTTP --------------------------------------------------------------------------------------


def get(port: int, path: str, headers=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def percentiles(times_ms: list[float]) -> dict:
    times_ms = sorted(times_ms)
    return {
        "p50_ms": round(statistics.median(times_ms), 1),
        "p95_ms": round(times_ms[int(0.95 * (len(times_ms) - 1))], 1),
        "max_ms": round(times_ms[-1], 1),
        "requests": len(times_ms),
    }


def http_p95(port: int, path: str, requests: int, headers=None, expect=b"") -> dict:
    for _ in range(5):  # warm every worker's templates and connection
        get(port, path, headers)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        status, body = get(port, path, headers)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200 or (expect and expect not in body):
            raise BenchError(f"{path} answered {status}")
    return percentiles(times)


# --- the run -----------------------------------------------------------------------------------


def environment() -> dict:
    env = {**os.environ, **bench_environment()}
    env["VAR_DIR"] = str(VAR_DIR / "sqlite")
    env["STATIC_ROOT"] = str(VAR_DIR / "static")
    env["DATABASE_URL"] = ""
    return env


def run(args, report: dict) -> None:
    env = environment()
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    step("migrating")
    child(env, "migrate")
    step(
        f"loading a thread of {args.posts:,} posts and a response with {args.sections} "
        f"sections, {args.comments:,} comments and {args.signatories} signatories"
    )
    report["data"] = data = child(
        env, "load", args.posts, args.sections, args.comments, args.signatories
    )
    step(f"  {data}")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    cookie = child(env, "session")["cookie"]
    member = {"Cookie": cookie}
    thread = f"/discussions/{data['thread']}/"
    draft = f"/policy/responses/{DRAFT_SLUG}/"
    published = f"/policy/responses/{PUBLISHED_SLUG}/"
    port = free_port()
    log = Path(env["VAR_DIR"]) / "gunicorn.log"
    server = start_server(env, port, args, log)
    try:
        wait_until_healthy(server, port, log)
        measures = [
            ("thread_anonymous", thread, None, b"Bench thread"),
            ("thread_member", thread, member, b"Post your reply"),
            ("response_member", draft, member, b"Add comment"),
            ("response_published", published, member, b"Signed by"),
            ("health", "/health/", None, b""),
        ]
        report["http"] = {}
        for name, path, headers, expect in measures:
            step(f"{name}: {args.requests} requests one after another to {path}")
            report["http"][name] = http_p95(port, path, args.requests, headers, expect)
            step(f"  {report['http'][name]}")
    finally:
        stop_server(server)
    paths = {
        "thread_anonymous": (thread, ""),
        "thread_member": (thread, cookie),
        "response_member": (draft, cookie),
        "response_published": (published, cookie),
    }
    step("each page in process, with its query count")
    report["in_process"] = child(env, "in-process", json.dumps(paths), min(args.requests, 30))
    step(f"  {report['in_process']}")


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3:])
        return 0
    args = parse_args(argv)
    report = {
        "suite": "policy",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine_info(),
        "load_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "quick": args.quick,
        "workers": args.workers,
        "targets": {
            "thread_p95_ms": THREAD_P95_TARGET_MS,
            "response_p95_ms": RESPONSE_P95_TARGET_MS,
        },
    }
    try:
        run(args, report)
    except (BenchError, subprocess.CalledProcessError, OSError) as error:
        traceback.print_exc()
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 2
    http = report["http"]
    report["load_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    report["ratios"] = {
        name: round(http[name]["p95_ms"] / max(http["health"]["p95_ms"], 0.01), 1)
        for name in ("thread_anonymous", "thread_member", "response_member")
    }
    report["targets_met"] = (
        http["thread_anonymous"]["p95_ms"] <= THREAD_P95_TARGET_MS
        and http["thread_member"]["p95_ms"] <= THREAD_P95_TARGET_MS
        and http["response_member"]["p95_ms"] <= RESPONSE_P95_TARGET_MS
    )
    text = table(report)
    print(text)
    if not args.no_save:
        for path in write_results(report, suite="policy", table=text):
            step(f"wrote {path.relative_to(ROOT)}")
    if args.quick:
        return 0
    return 0 if report["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
