"""Photos: EXIF, thumbnails, content-addressed originals, evidence checks. No Qt."""
