"""The offline map's pure parts (no Qt): Web Mercator projection and datums, grid clustering,
MBTiles reading and the sites to draw (docs/map.md)."""
