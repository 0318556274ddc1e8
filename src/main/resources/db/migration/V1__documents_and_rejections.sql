-- Accepted documents with the evidence of their verification, and rejected requests.
-- Written for PostgreSQL; H2 runs it in its PostgreSQL compatibility mode.

CREATE TABLE document (
    id                      VARCHAR(36)   PRIMARY KEY,
    partner_id              VARCHAR(64)   NOT NULL,
    received_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    content_type            VARCHAR(255)  NOT NULL,
    size_bytes              BIGINT        NOT NULL,
    sha256                  VARCHAR(64)   NOT NULL,
    content                 BYTEA         NOT NULL,
    signature_format        VARCHAR(64)   NOT NULL,
    signature_algorithm     VARCHAR(255)  NOT NULL,
    digest_algorithm        VARCHAR(255),
    -- SHA-256 of the raw signature value: sending the same signed document again finds this row.
    signature_value_sha256  VARCHAR(64)   NOT NULL,
    signer_subject          VARCHAR(1024) NOT NULL,
    signer_issuer           VARCHAR(1024) NOT NULL,
    signer_serial           VARCHAR(128)  NOT NULL,
    signer_sha256           VARCHAR(64)   NOT NULL,
    client_subject          VARCHAR(1024) NOT NULL,
    client_issuer           VARCHAR(1024) NOT NULL,
    client_serial           VARCHAR(128)  NOT NULL,
    client_sha256           VARCHAR(64)   NOT NULL,
    client_source           VARCHAR(64)   NOT NULL,
    -- The exact receipt bytes sent and their detached JWS, returned again for a duplicate.
    receipt                 BYTEA         NOT NULL,
    receipt_signature       VARCHAR(16384) NOT NULL,
    CONSTRAINT document_signature_value_unique UNIQUE (signature_value_sha256)
);

CREATE INDEX document_partner_received ON document (partner_id, received_at);

CREATE TABLE rejection (
    id              VARCHAR(36)   PRIMARY KEY,
    request_id      VARCHAR(36)   NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    reason          VARCHAR(64)   NOT NULL,
    status          INTEGER       NOT NULL,
    detail          VARCHAR(4096) NOT NULL,
    method          VARCHAR(16),
    path            VARCHAR(1024),
    partner_id      VARCHAR(64),
    client_subject  VARCHAR(1024),
    client_sha256   VARCHAR(64)
);

CREATE INDEX rejection_occurred ON rejection (occurred_at);
