-- The certificates behind the summaries in the document row, so that an evidence bundle lets a
-- third party verify the document's signature and its path offline. Each is DER, and a column
-- with several certificates contains their DER encodings one after another. Rows stored before
-- this migration have none of them.

-- The registered certificate that verified the document's signature.
ALTER TABLE document ADD COLUMN signer_certificate BYTEA;
-- The CA certificates above it on the validated path, ending with the partner's trust anchor;
-- empty for a pinned certificate.
ALTER TABLE document ADD COLUMN signer_chain BYTEA;
-- The registered certificates of the other signatures of a JWS in general JSON serialization.
ALTER TABLE document ADD COLUMN cosigner_certificates BYTEA;
-- The TLS client certificate, direct or forwarded by a trusted proxy.
ALTER TABLE document ADD COLUMN client_certificate BYTEA;
-- The detached JWS of a document sent with X-JWS-Signature, which the document itself lacks, as
-- ASCII bytes: BYTEA, because no length limit of the column may reject a header that the HTTP
-- listener accepted.
ALTER TABLE document ADD COLUMN detached_signature BYTEA;
