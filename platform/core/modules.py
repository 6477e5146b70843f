"""The module contract: what a welfare module is, and the registry of the modules installed.

A module is an installed app with a `module.py` that declares `MODULE = Module(...)`: its pages,
API, scopes, desk services, feed resources, indicators, registers, report section, public-page
blocks and demo builder. Everything is named by dotted path and imported only when used, the
way django-health-check finds its checks, so that declaring a module imports nothing of it and
the platform below never imports the apps above it.

The office's URLconfs, the scope registry, the desk's service types and entry points, the
feeds and webhooks, the home page, the benchmarks' key indicators and the demo are all built
from `modules()`: adding a module is its own folders and one line in INSTALLED_APPS
(`apps/README.md`).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import checks
from django.urls import URLResolver, include, path
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class Scope:
    """A scope machine clients may hold, and the roles the services see such a client as
    holding (reads: a full reader, never an editor). Office hosts serve it unless
    `central_only`; the central host serves the `central_only` and `also_central` ones, and the
    scopes of the feed resources (its national feed) — `clients.scopes.served`."""

    name: str
    label: Text
    acts_as: tuple[str, ...] = ()
    central_only: bool = False
    also_central: bool = False


@dataclass(frozen=True)
class DeskService:
    """A service the One Stop desk gives tickets for, with its standard and the page that
    serves it (`?ticket=<id>` is added)."""

    code: str
    name_th: str
    name_en: str
    ticket_prefix: str
    standard_minutes: int = 15
    display_order: int = 100
    entry: str | None = None  # URL name of the page that serves a ticket


@dataclass(frozen=True)
class FeedResource:
    """A resource of the change feeds and webhooks: its name (`<module>.<thing>`), what it
    is, the dotted path of its payload builder and the scope a reader needs.

    `path` is the REST resource the payload mirrors (`/api/v1/…/{id}/` on the office host):
    the payload carries every field `GET path` returns (national IDs in full), so its schema
    is that resource's. The name is kept as it is (integrators subscribe by it); the path is
    published beside it. `fires` says when an event is recorded; `example` is the dotted path
    of an example payload (the event catalogue shows it)."""

    name: str
    description: str
    payload: str
    scope: str
    path: str = ""
    fires: str = ""
    example: str | None = None

    def build(self, obj: Any) -> dict[str, Any]:
        builder: Callable[[Any], dict[str, Any]] = import_string(self.payload)
        return builder(obj)


@dataclass(frozen=True)
class Register:
    """An evidence register the module keeps (a page with its PDF/XLSX), for the home page
    and the annual report's evidence list."""

    code: str
    title: Text
    url_name: str


@dataclass(frozen=True)
class WorkItem:
    """One line of "waiting for you" on the home page: what waits, how many, where to act."""

    label: Text
    count: int
    url: str


@dataclass(frozen=True)
class Module:
    code: str
    title: Text
    summary: Text
    order: int = 100
    # A shared module (people, the desk) serves the services; a service module is one of the
    # report's welfare services and never imports another service module.
    shared: bool = False
    home: str | None = None  # URL name of the module's first page (its home-page card)
    url_prefix: str = ""  # the office's pages: path(url_prefix, include(urls))
    urls: str | None = None
    api_urls: str | None = None  # mounted under /api/v1/ on office hosts
    central_api_urls: str | None = None  # mounted under /api/v1/ on the central host
    roles: tuple[str, ...] = ()  # the office roles its services check
    scopes: tuple[Scope, ...] = ()
    desk_services: tuple[DeskService, ...] = ()
    feed_resources: tuple[FeedResource, ...] = ()
    # Events of the central layer (the public schema's outbox), for national webhooks only:
    # never in an office's feed or webhooks, and an office's never in these.
    central_feed_resources: tuple[FeedResource, ...] = ()
    indicators: str | None = None  # dotted module that registers its indicators
    key_indicators: tuple[str, ...] = ()  # shown first in the central table of offices
    registers: tuple[Register, ...] = ()
    report_section: str | None = None  # dotted path of its `core.reporting.ReportSection`
    public_blocks: tuple[str, ...] = ()  # templates included on the office's public page
    # dotted path of `public_context() -> dict`: what its public blocks show (no personal data)
    public_context: str | None = None
    # dotted path of `worklist(user) -> list[WorkItem]`: what waits for this user (home page)
    worklist: str | None = None
    demo: str | None = None  # dotted path of `build(context)`, called by devdata
    # Powers the director may delegate (`apps.delegations`): (code, what it allows), the code
    # named `<module>.<power>`, e.g. ("idcards.approve", _("Approve ID-card applications")).
    delegable: tuple[tuple[str, Text], ...] = ()
    app_label: str = field(default="", compare=False)


def _declared(app_name: str) -> Module | None:
    dotted = f"{app_name}.module"
    if importlib.util.find_spec(dotted) is None:
        return None
    declared = importlib.import_module(dotted).MODULE
    if not isinstance(declared, Module):
        raise TypeError(f"{dotted}.MODULE is not a core.modules.Module")
    return declared


@functools.cache
def modules() -> tuple[Module, ...]:
    """Every installed module, in the order of their `order` (then code)."""
    found = []
    for config in apps.get_app_configs():
        declared = _declared(config.name)
        if declared is not None:
            found.append(dataclasses.replace(declared, app_label=config.label))
    return tuple(sorted(found, key=lambda module: (module.order, module.code)))


def module_get(code: str) -> Module | None:
    return next((module for module in modules() if module.code == code), None)


def delegable_powers() -> dict[str, Text]:
    """The powers the modules let the director delegate, by code."""
    return {code: label for module in modules() for code, label in module.delegable}


def scopes() -> list[Scope]:
    return [scope for module in modules() for scope in module.scopes]


def desk_services() -> list[DeskService]:
    return [service for module in modules() for service in module.desk_services]


@functools.cache
def feed_resources() -> dict[str, FeedResource]:
    """The feeds' resources by name."""
    return {resource.name: resource for module in modules() for resource in module.feed_resources}


def feed_resource(name: str) -> FeedResource:
    return feed_resources()[name]


@functools.cache
def central_feed_resources() -> dict[str, FeedResource]:
    """The central layer's event types by name (`Module.central_feed_resources`): what the
    public schema's outbox records and national webhook subscriptions receive."""
    return {
        resource.name: resource
        for module in modules()
        for resource in module.central_feed_resources
    }


def key_indicators() -> list[str]:
    """The indicators the central table shows first: the services' before the shared
    modules' (the desk's times)."""
    ordered = sorted(modules(), key=lambda module: module.shared)  # stable: keeps `order`
    return [code for module in ordered for code in module.key_indicators]


def registers() -> list[Register]:
    return [register for module in modules() for register in module.registers]


def import_indicators() -> None:
    """Import every module's indicators (each registers its own with `core.indicators`)."""
    for module in modules():
        if module.indicators:
            importlib.import_module(module.indicators)


# Services an office will run that are not built yet: their cards say what is coming, until
# a module of that code is installed (then its own card replaces the placeholder).
COMING: tuple[tuple[str, Text, Text], ...] = (
    (
        "certificates",
        _("Salary certificates"),
        _("Certificates for bank loans with the 30% net-pay check."),
    ),
    (
        "revolvingfund",
        _("Revolving fund"),
        _("Loans to teachers in debt, screened by the subcommittee."),
    ),
    (
        "welfareshop",
        _("Welfare shop and lounges"),
        _("Shop members and the use of the lounge rooms."),
    ),
    (
        "healthchecks",
        _("Annual health check"),
        _("Check points and dates agreed with the teachers' welfare office."),
    ),
    (
        "reports",
        _("Annual self-assessment report"),
        _("The yearly report written from the registers."),
    ),
)


@dataclass(frozen=True)
class HomeCard:
    code: str
    title: Text
    summary: Text
    url_name: str | None  # None: coming


def home_cards() -> list[HomeCard]:
    installed = [
        HomeCard(module.code, module.title, module.summary, module.home)
        for module in modules()
        if module.home
    ]
    codes = {module.code for module in modules()}
    coming = [
        HomeCard(code, title, summary, None) for code, title, summary in COMING if code not in codes
    ]
    return installed + coming


def worklist(user: Any) -> list[WorkItem]:
    """What waits for `user` in every module, in the modules' order: each module's
    `worklist` lists the steps the user's roles take, with how many wait (zero included)."""
    items: list[WorkItem] = []
    for module in modules():
        if module.worklist:
            builder: Callable[[Any], list[WorkItem]] = import_string(module.worklist)
            items.extend(builder(user))
    return items


def public_blocks() -> list[str]:
    """The templates the modules show on the office's public page (no sign-in)."""
    return [block for module in modules() for block in module.public_blocks]


def public_context() -> dict[str, Any]:
    """The context of the office's public page: every module's `public_context`, merged (each
    module names its keys after itself)."""
    context: dict[str, Any] = {}
    for module in modules():
        if module.public_context:
            builder: Callable[[], dict[str, Any]] = import_string(module.public_context)
            context.update(builder())
    return context


@checks.register()
def module_declarations_check(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """The registry holds together: codes, scopes, resources, ticket letters and desk service
    codes are each declared once; every role a module names exists; every dotted path
    imports."""
    problems: list[str] = []

    def once(kind: str, values: list[str]) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                problems.append(f"{kind} {value!r} is declared twice")
            seen.add(value)

    once("module", [module.code for module in modules()])
    once("scope", [scope.name for scope in scopes()])
    once(
        "feed resource",
        [
            r.name
            for module in modules()
            for r in (*module.feed_resources, *module.central_feed_resources)
        ],
    )
    once("desk service", [service.code for service in desk_services()])
    once("ticket prefix", [service.ticket_prefix for service in desk_services()])
    scope_names = {scope.name for scope in scopes()}
    for module in modules():
        for resource in (*module.feed_resources, *module.central_feed_resources):
            if resource.scope not in scope_names:
                problems.append(f"{resource.name}: scope {resource.scope!r} is not declared")
            try:
                import_string(resource.payload)
            except ImportError as error:
                problems.append(f"{resource.name}: payload {resource.payload!r}: {error}")
            if not resource.path.startswith("/api/v1/") or not resource.fires:
                problems.append(f"{resource.name}: declare the REST `path` and when it `fires`")
            try:
                import_string(resource.example or "")
            except ImportError as error:
                problems.append(f"{resource.name}: example {resource.example!r}: {error}")
        dotted_paths = (module.demo, module.report_section, module.worklist, module.public_context)
        for dotted in filter(None, dotted_paths):
            try:
                import_string(dotted)
            except ImportError as error:
                problems.append(f"{module.code}: {dotted!r}: {error}")
    return [checks.Error(problem, id="core.E201") for problem in problems]


def office_urlpatterns() -> list[URLResolver]:
    """The modules' pages on an office host, each under its prefix."""
    return [
        path(module.url_prefix, include(module.urls))
        for module in modules()
        if module.urls is not None
    ]


def api_urlpatterns(*, central: bool) -> list[URLResolver]:
    """The modules' API endpoints under /api/v1/ on an office host, or on the central one."""
    return [
        path("", include(urls))
        for module in modules()
        if (urls := module.central_api_urls if central else module.api_urls) is not None
    ]
