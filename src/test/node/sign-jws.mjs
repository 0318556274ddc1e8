// Signs a document as a JWS with the npm package jose, which Countersign did not write.
//
// Usage: node sign-jws.mjs FORM KEY_PEM CERT_PEM DOCUMENT [ALG] [EXTRA_HEADER_JSON]
// FORM is compact, flattened, general, detached or unencoded (RFC 7797, b64=false).
// Prints the compact serialization, the JSON serialization, or for the detached forms the
// X-JWS-Signature header value. EXTRA_HEADER_JSON is merged into the protected header, so that
// tests can add headers such as crit.
import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as jose from 'jose';

const [form, keyFile, certFile, documentFile, alg = 'RS256', extra = '{}'] = process.argv.slice(2);
const key = createPrivateKey(readFileSync(keyFile));
const certificate = new X509Certificate(readFileSync(certFile));
const document = readFileSync(documentFile);
const header = {
  alg,
  x5c: [certificate.raw.toString('base64')],
  iat: Math.floor(Date.now() / 1000),
  ...JSON.parse(extra),
};

let output;
switch (form) {
  case 'compact':
    output = await new jose.CompactSign(document).setProtectedHeader(header).sign(key);
    break;
  case 'flattened':
    output = JSON.stringify(
      await new jose.FlattenedSign(document).setProtectedHeader(header).sign(key));
    break;
  case 'general': {
    const signer = new jose.GeneralSign(document);
    signer.addSignature(key).setProtectedHeader(header);
    output = JSON.stringify(await signer.sign());
    break;
  }
  case 'detached': {
    const jws = await new jose.CompactSign(document).setProtectedHeader(header).sign(key);
    const [protectedHeader, , signature] = jws.split('.');
    output = `${protectedHeader}..${signature}`;
    break;
  }
  case 'unencoded': {
    const unencoded = { ...header, b64: false, crit: ['b64'] };
    const jws = await new jose.FlattenedSign(document).setProtectedHeader(unencoded).sign(key);
    output = `${jws.protected}..${jws.signature}`;
    break;
  }
  default:
    throw new Error(`unknown form ${form}: use compact, flattened, general, detached or unencoded`);
}
process.stdout.write(output);
