-- What every entry of a bulk write has in common, kept once: a deduplication run logs each of its
-- commands with the same instant and the same rules, so its entries name this row (batch) and leave
-- their own at and rules NULL; readers take them from here. Entries written one command at a time,
-- and every entry logged before this version, keep their own at and rules and name no batch.
CREATE TABLE ${schema}.log_batches (
    workspace text        NOT NULL,
    id        bigint      NOT NULL,
    at        timestamptz NOT NULL,
    rules     text,
    PRIMARY KEY (workspace, id)
);

ALTER TABLE ${schema}.command_log ALTER COLUMN at DROP NOT NULL;
ALTER TABLE ${schema}.command_log ADD COLUMN batch bigint;
