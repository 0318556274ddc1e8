// Signs a request as RFC 9421 describes with the npm package http-message-signatures, written
// independently of Countersign, and prints the headers that the signer adds.
//
// Usage: node sign-http-message.mjs ALG KEY_FILE KEY_ID CREATED TARGET_URI BODY_FILE
// ALG is ed25519, ecdsa-p256-sha256 or hmac-sha256. KEY_FILE is a PKCS#8 PEM private key, or for
// hmac-sha256 the base64 of the shared secret. CREATED is the created parameter in Unix seconds.
// The request is a POST with a sha-256 Content-Digest (RFC 9530) of the body and covers @method,
// @target-uri, content-digest and content-type. Prints one "Name: value" line per added header.
import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import messageSignatures from 'http-message-signatures';

const { httpbis, createSigner } = messageSignatures;
const [alg, keyFile, keyId, created, targetUri, bodyFile] = process.argv.slice(2);

const keyText = readFileSync(keyFile, 'utf8');
const key = alg === 'hmac-sha256' ? Buffer.from(keyText.trim(), 'base64') : createPrivateKey(keyText);
const body = readFileSync(bodyFile);
const digest = createHash('sha256').update(body).digest('base64');

const request = {
  method: 'POST',
  url: targetUri,
  headers: {
    'Content-Type': 'application/json',
    'Content-Digest': `sha-256=:${digest}:`,
  },
};

const createdAt = new Date(Number(created) * 1000);
const signed = await httpbis.signMessage(
  {
    key: createSigner(key, alg, keyId),
    fields: ['@method', '@target-uri', 'content-digest', 'content-type'],
    params: ['created', 'expires', 'keyid', 'alg'],
    paramValues: { created: createdAt, expires: new Date(createdAt.getTime() + 60_000) },
  },
  request,
);

for (const [name, value] of Object.entries(signed.headers)) {
  console.log(`${name}: ${value}`);
}
