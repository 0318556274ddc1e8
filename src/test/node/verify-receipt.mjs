// Verifies a Countersign receipt with the npm package jose and Node's own X.509 code, both
// written independently of Countersign.
//
// Usage: node verify-receipt.mjs RECEIPT_FILE JWS_FILE CA_PEM
// The JWS is detached (RFC 7515, Appendix F): the receipt bytes are its payload. The x5c chain
// must lead to the given CA. Prints the verified protected header as JSON; exits 1 on failure.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import * as jose from 'jose';

const [receiptFile, jwsFile, caFile] = process.argv.slice(2);
const receipt = readFileSync(receiptFile);
const [protectedHeader, payload, signature] = readFileSync(jwsFile, 'utf8').trim().split('.');
if (payload !== '') {
  throw new Error('expected a detached JWS with an empty payload part');
}

const header = jose.decodeProtectedHeader(`${protectedHeader}..${signature}`);
const chain = header.x5c.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
const ca = new X509Certificate(readFileSync(caFile));
for (let i = 0; i < chain.length; i++) {
  const issuer = i + 1 < chain.length ? chain[i + 1] : ca;
  if (!chain[i].verify(issuer.publicKey) || !chain[i].checkIssued(issuer)) {
    throw new Error(`x5c certificate ${i} (${chain[i].subject}) is not issued by ${issuer.subject}`);
  }
}

const { protectedHeader: verified } = await jose.flattenedVerify(
  { protected: protectedHeader, payload: jose.base64url.encode(receipt), signature },
  chain[0].publicKey,
  { algorithms: ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'] },
);
console.log(JSON.stringify(verified));
