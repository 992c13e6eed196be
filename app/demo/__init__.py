"""Realistic Beijing demo data, made on top of the store and media services.

`generate` makes sites and inspections (bulk inserts that write the rows the services would),
`answers` draws plausible answers per checklist, `photos` draws and imports geotagged photos
through the real import pipeline. Nothing in app/core, app/store or app/media imports this
package: the demo is a user of the services, never a part of them.
"""

from app.demo.generate import DemoSummary, fill_demo
from app.demo.photos import DemoPhotosSummary, add_demo_photos

__all__ = ["DemoPhotosSummary", "DemoSummary", "add_demo_photos", "fill_demo"]
