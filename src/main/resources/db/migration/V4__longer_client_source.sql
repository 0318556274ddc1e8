-- The client source names the proxy address and header when a proxy forwarded the certificate.
ALTER TABLE document ALTER COLUMN client_source SET DATA TYPE VARCHAR(512);
