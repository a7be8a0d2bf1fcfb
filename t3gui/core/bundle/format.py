"""The bundle's members, limits and manifest schema.

t3gui.bundle/2 added samples.t3s (every probe, compact) and made samples.csv
the newest hour only; bundles of schema 1 (every probe in samples.csv) still open.
"""

from __future__ import annotations

SCHEMA = "t3gui.bundle/2"
READABLE_SCHEMAS = frozenset({"t3gui.bundle/1", SCHEMA})
MANIFEST = "manifest.json"
REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
SAMPLES_CSV = "samples.csv"
SAMPLES = "samples.t3s"
CSV_SPAN_S = 3600.0  # samples.csv carries the newest hour of each series
ENVIRONMENT = "environment.json"
CHAIN = "chain.pem"
TRACEROUTE = "traceroute.json"
TIMELINE = "timeline.json"
APP_LOG = "app.log"
# Every member a bundle may hold; anything else makes it hostile.
MEMBERS = frozenset({MANIFEST, REPORT_JSON, REPORT_HTML, SAMPLES_CSV, SAMPLES, ENVIRONMENT, CHAIN, TRACEROUTE, TIMELINE,
                     APP_LOG})
REQUIRED = frozenset({MANIFEST, REPORT_JSON})

MAX_BUNDLE_BYTES = 64 << 20  # on disk (sealed or not)
MAX_MEMBER_BYTES = {SAMPLES_CSV: 256 << 20, SAMPLES: 48 << 20, REPORT_HTML: 32 << 20, APP_LOG: 8 << 20}
DEFAULT_MAX_MEMBER_BYTES = 16 << 20
MAX_TOTAL_BYTES = 320 << 20
MAX_RATIO = 100  # uncompressed / compressed, per member
MAX_MEMBERS = len(MEMBERS)
SEALED_SUFFIX = ".age"
AGE_MAGIC = b"age-encryption.org/v1"
