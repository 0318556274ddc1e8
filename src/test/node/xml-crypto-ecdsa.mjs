// ECDSA-SHA256 for xml-crypto, which ships only RSA and HMAC signature algorithms as of version
// 6.3.2. Scripts register it in SignedXml.SignatureAlgorithms, the extension point that xml-crypto
// documents for other algorithms. Canonicalization, digests and the signature's XML stay
// xml-crypto's own, so only the ECDSA operation itself comes from Node's crypto.
import { createSign, createVerify } from 'node:crypto';

export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';

// XML Signature carries an ECDSA value as r followed by s, each padded to the length of the
// curve's order, as Santuario and xmlsec1 read it. Node writes that form as ieee-p1363, and DER
// unless told otherwise.
const ENCODING = 'ieee-p1363';

export class EcdsaSha256 {
  getSignature(signedInfo, privateKey) {
    const signer = createSign('SHA256');
    signer.update(signedInfo);
    return signer.sign({ key: privateKey, dsaEncoding: ENCODING }, 'base64');
  }

  verifySignature(material, key, signatureValue) {
    const verifier = createVerify('SHA256');
    verifier.update(material);
    return verifier.verify({ key, dsaEncoding: ENCODING }, signatureValue, 'base64');
  }

  getAlgorithmName() {
    return ECDSA_SHA256;
  }
}
