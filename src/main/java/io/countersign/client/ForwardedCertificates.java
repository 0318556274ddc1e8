package io.countersign.client;

import io.countersign.client.forwarded.ForwardedCertificateExtractor;
import io.countersign.client.forwarded.ForwardedCertificateHeader;
import io.countersign.client.forwarded.ForwardedCertificateSettings;
import io.countersign.client.forwarded.TrustedProxies;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured edge proxies: which peer addresses may forward a client certificate, and in
 * which header format. With no trusted proxy configured, forwarded headers are always ignored.
 */
@ApplicationScoped
public class ForwardedCertificates {

  private static final Logger LOG = Logger.getLogger(ForwardedCertificates.class.getName());

  @Inject
  @ConfigProperty(name = "countersign.proxy.trusted", defaultValue = " ")
  String trustedProxies;

  @Inject
  @ConfigProperty(name = "countersign.proxy.headers", defaultValue = "nginx")
  String headers;

  private ForwardedCertificateExtractor extractor;

  @PostConstruct
  void configure() {
    TrustedProxies proxies = TrustedProxies.parse(trustedProxies.strip());
    ForwardedCertificateSettings settings =
        ForwardedCertificateSettings.of(proxies, ForwardedCertificateHeader.parseList(headers));
    extractor = new ForwardedCertificateExtractor(settings);
    if (!proxies.ranges().isEmpty()) {
      LOG.info(
          () ->
              "Client certificates forwarded by "
                  + proxies.ranges()
                  + " are accepted in "
                  + settings.headers());
    }
  }

  ForwardedCertificateExtractor extractor() {
    return extractor;
  }
}
