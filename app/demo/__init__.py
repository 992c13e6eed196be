"""Realistic Beijing demo data, made on top of the store and media services.

`make.make_demo` is the one entry: `generate` makes sites and inspections (bulk inserts that
write the rows the services would), `answers` draws plausible answers per checklist, `photos`
draws geotagged photos and imports them through the real import pipeline. Nothing in
app/core, app/store or app/media imports this package: the demo uses the services, never the
other way round.
"""

from app.demo.generate import DemoSummary, fill_demo
from app.demo.make import make_demo
from app.demo.photos import DemoPhotosSummary, add_demo_photos

__all__ = ["DemoPhotosSummary", "DemoSummary", "add_demo_photos", "fill_demo", "make_demo"]
