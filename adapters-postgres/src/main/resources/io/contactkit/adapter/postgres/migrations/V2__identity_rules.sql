-- Identity rules (blocked values, identifiers per contact, merge caps) as data. Each rule set the store
-- has decided under, once, by its fingerprint (the SHA-256 of its canonical JSON, hub rules left out:
-- they act on whole deduplication runs, not on single commands).
CREATE TABLE ${schema}.rules (
    fingerprint text NOT NULL PRIMARY KEY,
    rules       text NOT NULL
);

-- The rules each workspace's commands are decided under. The first writer of a workspace records its
-- rules; every write holds this row with FOR KEY SHARE and is refused when its rules differ; a split by
-- replay changes the row (FOR UPDATE), so no write decided under the old rules commits after it.
CREATE TABLE ${schema}.workspace_rules (
    workspace   text NOT NULL PRIMARY KEY,
    fingerprint text NOT NULL
);

-- The rules each logged command was decided under (NULL: logged before this version, under no rules).
ALTER TABLE ${schema}.command_log ADD COLUMN rules text;
