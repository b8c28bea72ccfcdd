package io.jobservice.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's TLS material, read once at start in Harbor's layout: the API's certificate and key (PEM: RSA in
 * PKCS#1 or PKCS#8, or EC, read by Vert.x), the client certificate outgoing calls present with internal TLS, and
 * the CAs they trust: the JDK's, Harbor's internal CA ({@code INTERNAL_TLS_TRUST_CA_PATH}), and the certificates
 * Harbor's {@code install_cert.sh} would add to the system bundle ({@code /harbor_cust_cert/*.crt|.ca|.ca-bundle|.pem}
 * and {@code /etc/harbor/ssl/*}{@code /ca.crt}). A client certificate presented to the API must be signed by one of
 * the added CAs, not merely by a public one.
 */
public final class TlsMaterial {

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
    private static final List<String> CUSTOM_CA_SUFFIXES = List.of(".crt", ".ca", ".ca-bundle", ".pem");

    /**
     * Where the material is.
     *
     * @param serverCert        the API's certificate chain, or null to serve plain HTTP
     * @param serverKey         its private key
     * @param requireClientCert whether API clients must present a certificate signed by an added CA
     * @param clientCert        the certificate outgoing calls present (internal TLS), or null
     * @param clientKey         its private key
     * @param trustedCaFiles    CA files to trust besides the JDK's (Harbor's internal CA)
     * @param customCaDir       a folder whose {@code *.crt, *.ca, *.ca-bundle, *.pem} files are trusted too
     * @param internalCaDir     a folder whose {@code ca.crt} files, at most one level down, are trusted too
     */
    public record Settings(Path serverCert, Path serverKey, boolean requireClientCert, Path clientCert,
                           Path clientKey, List<Path> trustedCaFiles, Path customCaDir, Path internalCaDir) {
    }

    private final Settings settings;
    private final List<X509Certificate> addedCas;
    private final KeyManagerFactory clientKeys;
    private final SSLContext clientContext;
    private final SSLContext serverContext;
    private final TrustManagerFactory trust;

    private TlsMaterial(Settings settings, List<X509Certificate> addedCas, KeyManagerFactory serverKeys,
                        KeyManagerFactory clientKeys, TrustManagerFactory trust) throws GeneralSecurityException {
        this.settings = settings;
        this.addedCas = addedCas;
        this.clientKeys = clientKeys;
        this.trust = trust;
        this.clientContext = SSLContext.getInstance("TLS");
        clientContext.init(clientKeys == null ? null : clientKeys.getKeyManagers(), trust.getTrustManagers(), null);
        if (serverKeys == null) {
            this.serverContext = null;
        } else {
            this.serverContext = SSLContext.getInstance("TLS");
            serverContext.init(serverKeys.getKeyManagers(), trust.getTrustManagers(), null);
        }
    }

    /**
     * Reads every file the settings name.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or parsed
     */
    public static TlsMaterial load(Vertx vertx, Settings settings) {
        List<X509Certificate> added = new ArrayList<>();
        for (Path file : settings.trustedCaFiles()) {
            added.addAll(certificates(file));
        }
        for (Path file : folderCaFiles(settings)) {
            try {
                added.addAll(certificates(file));
            } catch (IllegalArgumentException e) {
                // as install_cert.sh appends what it finds, a stray file in the folders does not stop the start
                LOG.warn("Skipping {}: {}", file, e.getMessage());
            }
        }
        if (!added.isEmpty()) {
            LOG.info("Trusting {} CA certificate(s) besides the JDK's", added.size());
        }
        try {
            // the server's pair is read now too, so a bad file stops the start with its name
            KeyManagerFactory serverKeys = settings.serverCert() == null ? null
                    : keyManagers(vertx, settings.serverCert(), settings.serverKey());
            KeyManagerFactory clientKeys = settings.clientCert() == null ? null
                    : keyManagers(vertx, settings.clientCert(), settings.clientKey());
            return new TlsMaterial(settings, List.copyOf(added), serverKeys, clientKeys, trustManagers(added));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set TLS up: " + e.getMessage(), e);
        }
    }

    /** Whether the API is served over HTTPS. */
    public boolean https() {
        return settings.serverCert() != null;
    }

    /** Sets the API server up for HTTPS, when configured, with client certificates when they are required. */
    public void configureServer(HttpServerOptions options) {
        if (!https()) {
            return;
        }
        options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(settings.serverCert().toString()).setKeyPath(settings.serverKey().toString()));
        if (settings.requireClientCert()) {
            options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(
                    TrustOptions.wrap(addedCaTrustManager()));
        }
    }

    /** The API's identity as a plain TLS context (for remote JMX over TLS), or null over plain HTTP. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** TLS of outgoing calls (hooks, WEBHOOK, SLACK): the trusted CAs, and the client certificate if any. */
    public SSLContext clientContext() {
        return clientContext;
    }

    /** The trusted CAs, for Redis over TLS. */
    public TrustManagerFactory trustManagerFactory() {
        return trust;
    }

    /** The client certificate outgoing connections present, or null. */
    public KeyManagerFactory clientKeyManagerFactory() {
        return clientKeys;
    }

    private X509TrustManager addedCaTrustManager() {
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < addedCas.size(); i++) {
                store.setCertificateEntry("added-" + i, addedCas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyManagerFactory keyManagers(Vertx vertx, Path cert, Path key) {
        try {
            return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString())
                    .getKeyManagerFactory(vertx);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read the certificate " + cert + " and key " + key + ": "
                    + e.getMessage(), e);
        }
    }

    /** The JDK's CAs and the added ones. */
    private static TrustManagerFactory trustManagers(List<X509Certificate> added) throws GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        try {
            KeyStore store = emptyStore();
            int i = 0;
            for (TrustManager manager : jdk.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + i++, ca);
                    }
                }
            }
            for (X509Certificate ca : added) {
                store.setCertificateEntry("added-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    /** The CA files of the two folders install_cert.sh reads. */
    private static List<Path> folderCaFiles(Settings settings) {
        List<Path> files = new ArrayList<>();
        if (settings.internalCaDir() != null && Files.isDirectory(settings.internalCaDir())) {
            try (Stream<Path> found = Files.find(settings.internalCaDir(), 2,
                    (path, attributes) -> attributes.isRegularFile() && path.getFileName().toString().equals("ca.crt"))) {
                found.sorted().forEach(files::add);
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", settings.internalCaDir(), e.getMessage());
            }
        }
        if (settings.customCaDir() != null && Files.isDirectory(settings.customCaDir())) {
            try (Stream<Path> listed = Files.list(settings.customCaDir())) {
                listed.filter(Files::isRegularFile)
                        .filter(path -> CUSTOM_CA_SUFFIXES.stream().anyMatch(path.getFileName().toString()::endsWith))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", settings.customCaDir(), e.getMessage());
            }
        }
        return files;
    }

    /** Every certificate of a PEM (or DER) file, read by the JDK's X.509 certificate factory. */
    private static Collection<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                result.add((X509Certificate) certificate);
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            return result;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA certificates of " + file + ": " + e.getMessage(), e);
        }
    }
}
