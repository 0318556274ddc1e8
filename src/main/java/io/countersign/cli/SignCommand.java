package io.countersign.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import io.countersign.signature.xml.StreamingXmlSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Signs a document the way Countersign expects partners to sign it. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Signs an XML document with an enveloped XML Signature over the whole document, or any"
          + " document (usually JSON) as a JWS.",
      "The XML Signature uses exclusive canonicalization, SHA-256, and rsa-sha256 or ecdsa-sha256"
          + " to fit the key. Its KeyInfo contains the signing certificate.",
      "A JWS carries the signing certificate in x5c and the signing time in iat. Send jws-compact"
          + " as application/jose and jws-json as application/jose+json. For jws-detached and"
          + " jws-unencoded (RFC 7797, b64=false), the output is the X-JWS-Signature header value:"
          + " send the unchanged document with it (send --detached-jws)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Document signed.",
      "1:Error, for example a file not found, a document that is not well-formed XML or declares"
          + " a DOCTYPE, or a key that does not match the certificate.",
      "2:Invalid command-line options."
    })
final class SignCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "PEM file of the unencrypted document signing key (RSA or EC).")
  Path keyFile;

  @Option(
      names = "--cert",
      required = true,
      paramLabel = "FILE",
      description = "PEM file of the document signing certificate.")
  Path certificateFile;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = {
        "File to write the signed document or the JWS to.",
        "Default: DOCUMENT with .signed.xml in place of .xml; DOCUMENT.jws for jws-compact and"
            + " the detached forms; DOCUMENT.jws.json for jws-json"
      })
  Path outputFile;

  @Option(
      names = "--format",
      defaultValue = "xml",
      paramLabel = "FORMAT",
      description = {
        "xml, jws-compact, jws-json, jws-detached or jws-unencoded (default: ${DEFAULT-VALUE})."
      })
  String format;

  @Option(
      names = "--algorithm",
      paramLabel = "ALG",
      description =
          "JWS algorithm, for example RS256, PS256 or ES256 (default: RS256 for an RSA key,"
              + " ES256/384/512 to fit an EC key).")
  String jwsAlgorithm;

  @Parameters(paramLabel = "DOCUMENT", description = "The document to sign.")
  Path document;

  @Override
  public Integer call() throws Exception {
    PemCredential signer = PemCredential.read(certificateFile, keyFile);
    Path output = output();
    if (format.equals("xml")) {
      // Streams, so that a document of any size signs in little memory, and keeps its bytes.
      new StreamingXmlSigner(signer.key(), signer.certificate()).sign(document, output);
    } else {
      Files.write(output, signJws(signer, Files.readAllBytes(document)));
    }
    spec.commandLine()
        .getErr()
        .println(
            "Signed "
                + document
                + " as '"
                + signer.certificate().getSubjectX500Principal().getName()
                + "' and wrote "
                + output);
    return 0;
  }

  private byte[] signJws(PemCredential signer, byte[] content) throws JOSEException {
    JWSAlgorithm algorithm =
        jwsAlgorithm == null
            ? JwsDocumentSigner.defaultAlgorithm(signer)
            : JWSAlgorithm.parse(jwsAlgorithm);
    String jws = new JwsDocumentSigner(signer, algorithm).sign(content, jwsForm(), Instant.now());
    return jws.getBytes(StandardCharsets.US_ASCII);
  }

  private JwsDocumentSigner.Form jwsForm() {
    return switch (format) {
      case "jws-compact" -> JwsDocumentSigner.Form.COMPACT;
      case "jws-json" -> JwsDocumentSigner.Form.JSON;
      case "jws-detached" -> JwsDocumentSigner.Form.DETACHED;
      case "jws-unencoded" -> JwsDocumentSigner.Form.DETACHED_UNENCODED;
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "Invalid --format '"
                  + format
                  + "': expected xml, jws-compact, jws-json, jws-detached or jws-unencoded");
    };
  }

  private Path output() {
    if (outputFile != null) {
      return outputFile;
    }
    String name = document.getFileName().toString();
    if (!format.equals("xml")) {
      return document.resolveSibling(name + (format.equals("jws-json") ? ".jws.json" : ".jws"));
    }
    String base = name.endsWith(".xml") ? name.substring(0, name.length() - ".xml".length()) : name;
    return document.resolveSibling(base + ".signed.xml");
  }
}
