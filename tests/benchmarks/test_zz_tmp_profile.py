import cProfile, pstats, io, time
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import override_settings
from tenants.models import Office
from tests.benchmarks.test_routing import _settings_for, _requester

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]


def test_prof(django_db_blocker):
    with django_db_blocker.unblock():
        alpha = Office.objects.get(code="alpha")
        for mode in ("a_ours",):
            ov = _settings_for(mode, "tests.benchmarks.urls_nodb")
            with override_settings(**ov):
                req = _requester(WSGIHandler(), "/bench-no-db")
                if mode == "b_no_tenancy":
                    connection.set_tenant(alpha)
                for _ in range(200):
                    req()
                best = 1e9
                for _ in range(5):
                    t = time.perf_counter()
                    for _ in range(2000):
                        req()
                    best = min(best, (time.perf_counter() - t) / 2000)
                print(mode, f"{best * 1e6:.0f} us")
                pr = cProfile.Profile()
                pr.enable()
                for _ in range(2000):
                    req()
                pr.disable()
                s = io.StringIO()
                st = pstats.Stats(pr, stream=s)
                st.sort_stats("cumulative").print_callees("middleware.py:33")
                st.print_callees("set_tenant")
                st.print_callees("get_host")
                print(s.getvalue()[:8000])
