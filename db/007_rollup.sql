-- 007_rollup: tiers (issue 10.6). A district office rolls up what it merged to the city
-- (bundle kind 'rollup', app/sync/rollup.py); the city keeps which device brought each
-- version. Described in docs/sync.md ("Tiers") and docs/bundle-format.md.

-- Which device's bundle brought each version here: the laptop itself for its own field
-- bundle, the district for a roll-up. A set (one row per route), so it is the same whatever
-- order the bundles came in: "which district sent what" is a query of this table.
CREATE TABLE sync_routes (
    vid         TEXT NOT NULL,
    via_device  TEXT NOT NULL,
    PRIMARY KEY (vid, via_device)
);
CREATE INDEX ix_sync_routes_via ON sync_routes (via_device);

-- The local order in which versions and other devices' audit entries reached this database
-- (made here or merged): a roll-up sends what arrived after the previous roll-up to the same
-- receiver, so its cost follows what came in, not the size of the database.
-- kind 'version': key = vid; kind 'audit': key = chain_device || ' ' || seq.
CREATE TABLE sync_arrivals (
    n     INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('version', 'audit')),
    key   TEXT NOT NULL,
    UNIQUE (kind, key)
);
INSERT INTO sync_arrivals (kind, key) SELECT 'version', vid FROM sync_versions ORDER BY vid;
INSERT INTO sync_arrivals (kind, key)
    SELECT 'audit', chain_device || ' ' || seq FROM sync_audit ORDER BY chain_device, seq;
CREATE TRIGGER sync_versions_arrival AFTER INSERT ON sync_versions
BEGIN
    INSERT INTO sync_arrivals (kind, key) VALUES ('version', new.vid);
END;
CREATE TRIGGER sync_audit_arrival AFTER INSERT ON sync_audit
BEGIN
    INSERT INTO sync_arrivals (kind, key) VALUES ('audit', new.chain_device || ' ' || new.seq);
END;

-- Each roll-up written: to whom, and the arrivals it covers (after the previous roll-up to
-- the same receiver, up to `arrivals_upto`), so the next one starts where it stopped and
-- `export --again N` writes the same one.
CREATE TABLE sync_rollups (
    seq             INTEGER PRIMARY KEY,   -- sync_log's out seq
    receiver        TEXT NOT NULL,
    arrivals_from   INTEGER NOT NULL,      -- exclusive
    arrivals_upto   INTEGER NOT NULL       -- inclusive
);
CREATE INDEX ix_sync_rollups_receiver ON sync_rollups (receiver, arrivals_upto);

-- Photos whose bytes went to a receiver in a roll-up (each photo once per receiver).
CREATE TABLE sync_rollup_photos (
    receiver  TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (receiver, sha256)
);
