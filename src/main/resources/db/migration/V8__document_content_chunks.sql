-- The exact bytes of each accepted document, in chunks (the last one shorter), so that
-- the server writes and reads a document of any size one chunk at a time instead of as one value.
-- Chunk 0 comes first. The chunks of a document, in order, are its content, whose size and
-- SHA-256 the document row records.
--
-- Documents stored before this migration move whole into chunk 0, which may therefore be larger
-- than the chunks that the server writes.

CREATE TABLE document_content (
    document_id  VARCHAR(36)  NOT NULL REFERENCES document (id),
    chunk_index  INTEGER      NOT NULL,
    bytes        BYTEA        NOT NULL,
    PRIMARY KEY (document_id, chunk_index)
);

INSERT INTO document_content (document_id, chunk_index, bytes)
SELECT id, 0, content FROM document;

ALTER TABLE document DROP COLUMN content;
