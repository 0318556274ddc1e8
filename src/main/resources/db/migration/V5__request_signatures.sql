-- Partners without mutual TLS authenticate by a request signature (HMAC or RFC 9421), or only by
-- the document's own signature, so a document may have no client certificate.

ALTER TABLE document ALTER COLUMN client_subject DROP NOT NULL;
ALTER TABLE document ALTER COLUMN client_issuer DROP NOT NULL;
ALTER TABLE document ALTER COLUMN client_serial DROP NOT NULL;
ALTER TABLE document ALTER COLUMN client_sha256 DROP NOT NULL;

-- The verified request signature as JSON: format, algorithm, keyId, created, covered components,
-- nonRepudiation and the signature value in base64.
ALTER TABLE document ADD COLUMN request_signature VARCHAR(8192);
