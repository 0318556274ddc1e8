// Verifies an enveloped XML Signature over a whole document with the npm package xml-crypto, an
// XML Signature implementation that Countersign did not write.
//
// Usage: node xml-crypto-verify.mjs CERT_PEM SIGNED_XML
// The signature value must verify with CERT_PEM's key, and a certificate in KeyInfo is ignored.
// The document must contain exactly one Signature, a child of the document element, with exactly
// one Reference, whose URI "" covers the whole document. Prints what was verified and exits 0, or
// prints why verification failed and exits 1.
import { readFileSync } from 'node:fs';
// xml-crypto parses with @xmldom/xmldom, so loadSignature expects a node of that DOM. It is a
// dependency of xml-crypto that package-lock.json pins.
import { DOMParser } from '@xmldom/xmldom';
import xmlCrypto from 'xml-crypto';
import { ECDSA_SHA256, EcdsaSha256 } from './xml-crypto-ecdsa.mjs';

const { SignedXml } = xmlCrypto;
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const [certFile, documentFile] = process.argv.slice(2);
if (!documentFile) {
  console.error('Usage: node xml-crypto-verify.mjs CERT_PEM SIGNED_XML');
  process.exit(2);
}

try {
  const xml = readFileSync(documentFile, 'utf8');
  const signatureElement = findEnvelopedSignature(new DOMParser().parseFromString(xml, 'text/xml'));
  requireWholeDocumentReference(signatureElement);

  const verifier = new SignedXml({
    publicCert: readFileSync(certFile),
    // The key never comes from the document, because a signer can put any certificate there.
    getCertFromKeyInfo: () => null,
  });
  verifier.SignatureAlgorithms[ECDSA_SHA256] = EcdsaSha256;
  verifier.loadSignature(signatureElement);
  // checkSignature returns false when a digest does not match, and throws when the signature
  // value is invalid.
  if (!verifier.checkSignature(xml)) {
    fail('the digest of the Reference does not match the document');
  }
  console.log(`verified: ${verifier.signatureAlgorithm} over the whole document`);
} catch (error) {
  fail(error.message);
}

function findEnvelopedSignature(document) {
  const signatures = document.getElementsByTagNameNS(DSIG, 'Signature');
  if (signatures.length !== 1) {
    fail(`expected exactly one Signature element, found ${signatures.length}`);
  }
  const signature = signatures.item(0);
  if (signature.parentNode !== document.documentElement) {
    fail('the Signature element is not a child of the document element');
  }
  return signature;
}

function requireWholeDocumentReference(signatureElement) {
  const references = signatureElement.getElementsByTagNameNS(DSIG, 'Reference');
  if (references.length !== 1) {
    fail(`expected exactly one Reference, found ${references.length}`);
  }
  const reference = references.item(0);
  // A Reference without a URI attribute identifies its data by application context, not the
  // document.
  if (!reference.hasAttribute('URI') || reference.getAttribute('URI') !== '') {
    const uri = reference.hasAttribute('URI') ? `"${reference.getAttribute('URI')}"` : 'missing';
    fail(`the Reference URI is ${uri}, not "", so it does not cover the whole document`);
  }
}

function fail(message) {
  console.error(`not verified: ${message}`);
  process.exit(1);
}
