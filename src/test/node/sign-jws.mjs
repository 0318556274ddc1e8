// Signs a document as a JWS with the npm package jose, which Countersign did not write.
//
// Usage: node sign-jws.mjs FORM KEY_PEM CERT_PEM DOCUMENT [ALG] [EXTRA_HEADER_JSON]
// FORM is compact, flattened, general, detached or unencoded (RFC 7797, b64=false).
// Prints the compact serialization, the JSON serialization, or for the detached forms the
// X-JWS-Signature header value. EXTRA_HEADER_JSON is merged into the protected header, so that
// tests can add headers such as iat.
//
// FORM raw builds hostile compact JWS that jose refuses to make: the protected header is exactly
// EXTRA_HEADER_JSON, and Node's crypto signs it. With alg HS256, KEY_PEM is read as raw bytes and
// used as the HMAC secret (algorithm confusion); with ALG der, an ECDSA signature is DER-encoded
// instead of R||S; alg none yields an empty signature.
import { readFileSync } from 'node:fs';
import { X509Certificate, createHmac, createPrivateKey, sign } from 'node:crypto';
import * as jose from 'jose';

const [form, keyFile, certFile, documentFile, alg = 'RS256', extra = '{}'] = process.argv.slice(2);
if (form === 'raw') {
  process.stdout.write(rawCompact(JSON.parse(extra)));
  process.exit(0);
}
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
    // COSIGNER_KEY and COSIGNER_CERT (PEM files) add a second signature by another party.
    const signer = new jose.GeneralSign(document);
    signer.addSignature(key).setProtectedHeader(header);
    if (process.env.COSIGNER_KEY) {
      const cosigner = new X509Certificate(readFileSync(process.env.COSIGNER_CERT));
      signer
        .addSignature(createPrivateKey(readFileSync(process.env.COSIGNER_KEY)))
        .setProtectedHeader({ ...header, x5c: [cosigner.raw.toString('base64')] });
    }
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

function rawCompact(header) {
  const signingInput = `${jose.base64url.encode(JSON.stringify(header))}.${jose.base64url.encode(
    readFileSync(documentFile))}`;
  let signature;
  if (header.alg === 'none') {
    signature = Buffer.alloc(0);
  } else if (header.alg === 'HS256') {
    signature = createHmac('sha256', readFileSync(keyFile)).update(signingInput).digest();
  } else if (header.alg.startsWith('ES')) {
    const dsaEncoding = alg === 'der' ? 'der' : 'ieee-p1363';
    signature = sign('sha256', Buffer.from(signingInput), { key: createPrivateKey(readFileSync(keyFile)), dsaEncoding });
  } else {
    signature = sign('sha256', Buffer.from(signingInput), createPrivateKey(readFileSync(keyFile)));
  }
  return `${signingInput}.${jose.base64url.encode(signature)}`;
}
