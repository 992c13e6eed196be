"""The offline map page: sites by status on a QGraphicsView, clustered, over an MBTiles base
map (the pure parts are in app/map)."""
