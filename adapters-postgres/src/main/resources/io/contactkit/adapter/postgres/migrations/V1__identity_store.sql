-- Contacts: live, merged away (survivor set) or deleted. seq is the log sequence of the command that
-- created the contact: its creation position, which orders listings and breaks ties between merge
-- candidates created at the same instant. state holds identifiers in order, attributes with the log
-- sequence of the command that wrote each (merge resolves by last write), memberships, owner, language.
CREATE TABLE ${schema}.contacts (
    workspace  text        NOT NULL,
    id         text        NOT NULL,
    seq        bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    state      text,
    survivor   text,
    deleted    boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (workspace, id)
);

CREATE UNIQUE INDEX contacts_by_seq ON ${schema}.contacts (workspace, seq);

-- One row per identifier ever used in a workspace: the primary key makes ownership unique, and the
-- row is the identifier's lock (SELECT ... FOR UPDATE semantics through INSERT ... ON CONFLICT DO UPDATE).
-- contact_id names the contact that took it; that contact may since have been merged away (follow
-- contacts.survivor, one hop) or deleted (then nobody owns it). NULL: never owned or removed.
CREATE TABLE ${schema}.identifiers (
    workspace  text NOT NULL,
    key        text NOT NULL,
    value      text NOT NULL,
    contact_id text,
    PRIMARY KEY (workspace, key, value)
);

-- Every accepted command, in the order the commands took effect.
CREATE SEQUENCE ${schema}.command_seq;

CREATE TABLE ${schema}.command_log (
    workspace  text        NOT NULL,
    seq        bigint      NOT NULL,
    at         timestamptz NOT NULL,
    operation  text        NOT NULL,
    contact_id text,
    command    text,
    decision   text        NOT NULL,
    PRIMARY KEY (workspace, seq)
);
