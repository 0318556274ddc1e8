-- The revocation status obtained for each CA-issued certificate of an accepted document: the
-- TLS client's path and the signer's path. Stored so that a third party can check it later.

CREATE TABLE revocation_evidence (
    id                   VARCHAR(36)   PRIMARY KEY,
    document_id          VARCHAR(36)   NOT NULL REFERENCES document (id),
    role                 VARCHAR(16)   NOT NULL,
    certificate_subject  VARCHAR(1024) NOT NULL,
    certificate_issuer   VARCHAR(1024) NOT NULL,
    certificate_serial   VARCHAR(128)  NOT NULL,
    certificate_sha256   VARCHAR(64)   NOT NULL,
    source               VARCHAR(8)    NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    location             VARCHAR(2048),
    -- The DER-encoded OCSP response, signed by the responder, when the source is OCSP.
    ocsp_response        BYTEA,
    crl_number           VARCHAR(64),
    this_update          TIMESTAMP WITH TIME ZONE,
    next_update          TIMESTAMP WITH TIME ZONE,
    obtained_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    detail               VARCHAR(2048) NOT NULL
);

CREATE INDEX revocation_evidence_document ON revocation_evidence (document_id);
