"""The committed NHS.UK frontend build (`make vendor`): the site runs without Node, loads
nothing from another origin, and its production storage rewrites the module import."""

import json
import re
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
CSS = VENDOR / "leedsquality.min.css"


def test_the_compiled_css_is_committed_and_loads_nothing_from_outside():
    css = CSS.read_text()
    assert ".nhsuk-header" in css
    assert "https://" not in css
    assert "http://" not in css.replace("http://www.w3.org/", "")
    assert "@font-face" not in css
    assert "@import" not in css
    assert "sourceMappingURL" not in css


def test_every_url_in_the_css_is_a_file_beside_it():
    urls = set(re.findall(r"url\(\"?'?([^\"')]+)", CSS.read_text()))
    files = {url for url in urls if not url.startswith("data:")}
    assert files, "the frontend's icons should be referenced"
    for url in files:
        assert (VENDOR / url).resolve().is_file(), f"{url} is referenced by the CSS but missing"


def test_the_javascript_module_exports_init_all_and_the_app_imports_it():
    frontend = (VENDOR / "nhsuk-frontend.min.js").read_text()
    assert re.search(r"export\s*\{[^}]*\binitAll\b", frontend)
    assert "sourceMappingURL" not in frontend, "the source map is not vendored"
    app = (ROOT / "static" / "js" / "app.js").read_text()
    assert 'import { initAll } from "../vendor/nhsuk-frontend.min.js";' in app
    assert "initAll();" in app


def test_the_base_template_loads_the_build_and_no_inline_script_or_style():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "{% static 'vendor/leedsquality.min.css' %}" in base
    assert '<script type="module" src="{% static \'js/app.js\' %}"></script>' in base
    assert "style=" not in base
    assert re.findall(r"<script[^>]*>", base) == [
        '<script type="module" src="{% static \'js/app.js\' %}">'
    ]


def test_production_storage_hashes_the_module_import(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.staticfiles.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed_app = (tmp_path / paths["js/app.js"]).read_text()
    hashed_frontend = Path(paths["vendor/nhsuk-frontend.min.js"]).name
    assert f'from "../vendor/{hashed_frontend}"' in hashed_app
    assert (tmp_path / paths["vendor/leedsquality.min.css"]).with_suffix(".css.gz").exists()
