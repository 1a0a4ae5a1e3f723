-- A deduplication run's log entries kept together, several to a row: one heap tuple and one primary-key
-- entry per chunk instead of per entry (about 27 entries of some 270 bytes each for a generated run),
-- which is most of what the server spent on the log. A chunk's entries have consecutive sequences,
-- first_seq to last_seq, and no other entry of any workspace has a sequence in that range (a writer
-- starts a new chunk wherever its drawn sequences leave a gap), so chunks and per-row entries
-- interleave by sequence without overlapping. Entry i (from 1) of a chunk has sequence
-- first_seq + i - 1 and the i-th element of each array; its instant and rules are its batch's
-- (log_batches). Single commands keep their own rows in command_log, as do all entries logged
-- before this version.
CREATE TABLE ${schema}.command_log_chunks (
    workspace   text   NOT NULL,
    first_seq   bigint NOT NULL,
    last_seq    bigint NOT NULL,
    batch       bigint NOT NULL,
    operations  text[] NOT NULL,
    contact_ids text[] NOT NULL,
    commands    text[] NOT NULL,
    decisions   text[] NOT NULL,
    PRIMARY KEY (workspace, last_seq)
);

-- PostgreSQL only: a chunk (at most about 8 KB, the writer's limit) stays in its heap page as written,
-- instead of being compressed (pglz) past the default threshold of about 2 KB, which cost the server
-- more CPU than the rows it replaces (measured: BENCHMARKS.md, section 5).
ALTER TABLE ${schema}.command_log_chunks SET (toast_tuple_target = 8160);

-- The whole log, one row per entry, in plain SQL: per-row entries and chunks expanded, each with its
-- instant and rules (a bulk write's from its batch). ORDER BY seq for the order the commands took effect.
CREATE VIEW ${schema}.command_log_entries AS
SELECT e.workspace, e.seq, coalesce(e.at, b.at) AS at, e.operation, e.contact_id, e.command, e.decision,
       coalesce(e.rules, b.rules) AS rules, e.batch
FROM (SELECT l.workspace, l.seq, l.at, l.operation, l.contact_id, l.command, l.decision, l.rules, l.batch
      FROM ${schema}.command_log l
      UNION ALL
      SELECT c.workspace, c.first_seq + x.n - 1, NULL::timestamptz, x.operation, x.contact_id, x.command, x.decision,
             NULL::text, c.batch
      FROM ${schema}.command_log_chunks c
      CROSS JOIN LATERAL unnest(c.operations, c.contact_ids, c.commands, c.decisions)
          WITH ORDINALITY AS x(operation, contact_id, command, decision, n)) e
LEFT JOIN ${schema}.log_batches b ON b.workspace = e.workspace AND b.id = e.batch;
