// Signs a whole XML document with the npm package xml-crypto, an XML Signature implementation
// that Countersign did not write, the way a partner using it would.
//
// Usage: node xml-crypto-sign.mjs KEY_PEM CERT_PEM IN_XML OUT_XML [rsa|ecdsa]
// KEY_PEM is a PKCS#8 PEM private key and CERT_PEM its certificate. The enveloped signature
// becomes the last child of the document element. Its one reference has the URI "" with the
// enveloped-signature and exclusive canonicalization transforms and a SHA-256 digest. SignedInfo
// is canonicalized with exclusive canonicalization and signed with RSA-SHA256 (the default) or
// ECDSA-SHA256, and KeyInfo carries CERT_PEM as X509Data/X509Certificate.
import { readFileSync, writeFileSync } from 'node:fs';
import xmlCrypto from 'xml-crypto';
import { ECDSA_SHA256, EcdsaSha256 } from './xml-crypto-ecdsa.mjs';

const { SignedXml } = xmlCrypto;
const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SIGNATURE_ALGORITHMS = {
  rsa: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  ecdsa: ECDSA_SHA256,
};

const [keyFile, certFile, inFile, outFile, algorithm = 'rsa'] = process.argv.slice(2);
if (!outFile || !(algorithm in SIGNATURE_ALGORITHMS)) {
  console.error('Usage: node xml-crypto-sign.mjs KEY_PEM CERT_PEM IN_XML OUT_XML [rsa|ecdsa]');
  process.exit(2);
}

const signature = new SignedXml({
  privateKey: readFileSync(keyFile),
  // The default getKeyInfoContent writes this certificate as KeyInfo/X509Data/X509Certificate.
  publicCert: readFileSync(certFile),
  signatureAlgorithm: SIGNATURE_ALGORITHMS[algorithm],
  canonicalizationAlgorithm: EXCLUSIVE_C14N,
});
signature.SignatureAlgorithms[ECDSA_SHA256] = EcdsaSha256;

// Without isEmptyUri, xml-crypto adds an Id attribute to the element and refers to it by "#id".
signature.addReference({
  xpath: '/*',
  isEmptyUri: true,
  transforms: [ENVELOPED_SIGNATURE, EXCLUSIVE_C14N],
  digestAlgorithm: SHA256,
});
signature.computeSignature(readFileSync(inFile, 'utf8'), {
  location: { reference: '/*', action: 'append' },
});
writeFileSync(outFile, signature.getSignedXml(), 'utf8');
