package io.countersign.tls;

import java.net.Socket;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust managers that accept any client certificate chain in the TLS handshake, so that the
 * application can decide trust and explain a rejection to the partner with a 403 problem.
 *
 * <p>Security: the handshake still proves that the client has the private key of the leaf
 * certificate (TLS CertificateVerify). Trust in the certificate is decided by the application,
 * which must reject every request whose certificate no partner registered, as nginx does with
 * {@code ssl_verify_client optional_no_ca}. Server certificates (outbound connections) are
 * checked by the standard PKIX trust manager over the configured trust store.
 *
 * <p>The accepted issuers list is empty, so a client picks its certificate without a CA hint.
 */
public final class DeferredClientTrustManagerFactory extends TrustManagerFactorySpi {

  private final TrustManagerFactory pkix;

  public DeferredClientTrustManagerFactory() throws NoSuchAlgorithmException {
    this.pkix = TrustManagerFactory.getInstance("PKIX");
  }

  @Override
  protected void engineInit(KeyStore keyStore) throws KeyStoreException {
    pkix.init(keyStore);
  }

  @Override
  protected void engineInit(ManagerFactoryParameters parameters)
      throws InvalidAlgorithmParameterException {
    pkix.init(parameters);
  }

  @Override
  protected TrustManager[] engineGetTrustManagers() {
    for (TrustManager manager : pkix.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager serverTrust) {
        return new TrustManager[] {new DeferredClientTrustManager(serverTrust)};
      }
    }
    throw new IllegalStateException("The PKIX trust manager factory returned no X.509 trust manager");
  }

  /** Accepts client chains as presented and checks server chains with PKIX. */
  private static final class DeferredClientTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager serverTrust;

    DeferredClientTrustManager(X509ExtendedTrustManager serverTrust) {
      this.serverTrust = serverTrust;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      requireChain(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      serverTrust.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      serverTrust.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      serverTrust.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    private static void requireChain(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("The client sent an empty certificate chain");
      }
    }
  }

}
