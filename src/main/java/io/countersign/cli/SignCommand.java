package io.countersign.cli;

import io.countersign.signature.xml.XmlDocumentSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Signs an XML document the way Countersign expects partners to sign it. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Signs an XML document with an enveloped XML Signature over the whole document.",
      "The signature uses exclusive canonicalization, SHA-256, and rsa-sha256 or ecdsa-sha256 to"
          + " fit the key. Its KeyInfo contains the signing certificate."
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
        "File to write the signed document to.",
        "Default: DOCUMENT with .signed.xml in place of .xml"
      })
  Path outputFile;

  @Parameters(paramLabel = "DOCUMENT", description = "The XML document to sign.")
  Path document;

  @Override
  public Integer call() throws Exception {
    PemCredential signer = PemCredential.read(certificateFile, keyFile);
    byte[] content = Files.readAllBytes(document);

    byte[] signed = new XmlDocumentSigner(signer.key(), signer.certificate()).sign(content);

    Path output = output();
    Files.write(output, signed);
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

  private Path output() {
    if (outputFile != null) {
      return outputFile;
    }
    String name = document.getFileName().toString();
    String base = name.endsWith(".xml") ? name.substring(0, name.length() - ".xml".length()) : name;
    return document.resolveSibling(base + ".signed.xml");
  }
}
