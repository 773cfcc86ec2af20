from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Production static files: hashed names, compressed copies, and the hashed names
    written into JavaScript module imports too (`static/js/app.js` imports the vendored
    NHS.UK frontend), so a browser never runs a module against a stale dependency."""

    support_js_module_import_aggregation = True
