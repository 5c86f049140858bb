-- One row per recorded run: its summary for `history list`, and the rest of findings.json (gzip JSON).
CREATE TABLE rigsight_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  generated_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  schema_version TEXT NOT NULL,
  policy_source TEXT NOT NULL,
  policy_sha256 TEXT NOT NULL,
  manifest_sha256 TEXT,
  grade TEXT NOT NULL,
  score REAL NOT NULL,
  pillars TEXT NOT NULL,
  counts TEXT NOT NULL,
  header BLOB NOT NULL
);
CREATE INDEX rigsight_runs_order ON rigsight_runs (generated_at, id);

-- Item bodies (a finding, creator path, detection or coverage entry as JSON), stored once for every run
-- where they are identical: 365 daily runs of an unchanged estate keep one copy. `hash` is the content address.
CREATE TABLE rigsight_items (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  body TEXT NOT NULL
);

-- Which items each run held, in order, with the state the diff needs without reading bodies.
CREATE TABLE rigsight_run_items (
  run_id INTEGER NOT NULL REFERENCES rigsight_runs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  ord INTEGER NOT NULL,
  key TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES rigsight_items (id),
  state TEXT NOT NULL,
  severity TEXT,
  PRIMARY KEY (run_id, kind, ord)
) WITHOUT ROWID;

-- The first run in which an item was open (failing or waived); kept when runs are pruned, so ages stay true.
CREATE TABLE rigsight_first_seen (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
