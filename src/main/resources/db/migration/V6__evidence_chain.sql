-- An append-only hash chain over accepted documents, with signed checkpoints of its head.
-- A document's record hash is the lower-case hex SHA-256 of its previous hash in UTF-8, a line
-- feed (0x0A) and its exact receipt bytes. The first link's previous hash is 64 zeros.
--
-- Documents stored before this migration keep null chain columns: they are outside the chain,
-- and the chain starts at sequence 1 with the first document accepted after it.

ALTER TABLE document ADD COLUMN chain_sequence BIGINT;
ALTER TABLE document ADD COLUMN previous_hash VARCHAR(64);
ALTER TABLE document ADD COLUMN record_hash VARCHAR(64);
ALTER TABLE document ADD CONSTRAINT document_chain_sequence_unique UNIQUE (chain_sequence);

-- The last link of the chain. Appending a document locks this row (SELECT ... FOR UPDATE) and
-- advances it in the transaction that inserts the document, so several servers on one database
-- append one at a time, and a failed insert consumes no sequence number.
CREATE TABLE evidence_chain_head (
    id         INT          PRIMARY KEY,
    sequence   BIGINT       NOT NULL,
    head_hash  VARCHAR(64)  NOT NULL,
    CONSTRAINT evidence_chain_head_one_row CHECK (id = 1)
);

INSERT INTO evidence_chain_head (id, sequence, head_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed statements of the chain head, written periodically. statement contains the exact bytes
-- {"sequence":N,"headHash":"...","createdAt":"ISO-8601"}, signature a detached JWS over them
-- with the receipt key, timestamp_token an RFC 3161 token over their SHA-256 (null without TSA).
CREATE TABLE evidence_checkpoint (
    sequence         BIGINT                   PRIMARY KEY,
    head_hash        VARCHAR(64)              NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    statement        BYTEA                    NOT NULL,
    signature        VARCHAR(16384)           NOT NULL,
    timestamp_token  BYTEA
);
