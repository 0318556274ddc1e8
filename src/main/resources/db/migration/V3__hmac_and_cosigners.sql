-- A JWS verified with an HMAC key has no signer certificate and gives no non-repudiation; a JWS
-- in general JSON serialization may carry other parties' signatures besides the partner's.

ALTER TABLE document ALTER COLUMN signer_subject DROP NOT NULL;
ALTER TABLE document ALTER COLUMN signer_issuer DROP NOT NULL;
ALTER TABLE document ALTER COLUMN signer_serial DROP NOT NULL;
ALTER TABLE document ALTER COLUMN signer_sha256 DROP NOT NULL;

ALTER TABLE document ADD COLUMN non_repudiation BOOLEAN NOT NULL DEFAULT TRUE;

-- The cosigners' certificates as a JSON array of {subject, issuer, serialNumber, sha256}.
ALTER TABLE document ADD COLUMN cosigners VARCHAR(16384);
