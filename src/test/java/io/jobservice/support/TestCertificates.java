package io.jobservice.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Throwaway certificates made at run time with BouncyCastle: a private CA, and server or client certificates it
 * signs (for 127.0.0.1 and localhost), written as PEM files the way Harbor mounts them.
 */
public final class TestCertificates {

    /** How a private key is written. */
    public enum KeyFormat {
        /** {@code BEGIN RSA PRIVATE KEY} (PKCS#1), what openssl genrsa wrote for years. */
        RSA_PKCS1,
        /** {@code BEGIN PRIVATE KEY} (PKCS#8), RSA. */
        RSA_PKCS8,
        /** {@code BEGIN EC PRIVATE KEY} (SEC 1), P-256. */
        EC
    }

    /** A certificate, its key and the CA that signed it, in memory and as PEM files. */
    public record Issued(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile,
                         X509Certificate issuer) {
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final X500Name caName;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    private TestCertificates(Path dir, String name) throws GeneralSecurityException, IOException {
        this.dir = dir;
        this.caKeys = generate(KeyFormat.RSA_PKCS8);
        this.caName = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = builder(caName, caName, caKeys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(builder, caKeys.getPrivate());
        this.caFile = write(dir.resolve(name + ".crt"), pem(ca));
    }

    /** A new private CA whose certificate is written to {@code <dir>/<name>.crt}. */
    public static TestCertificates newCa(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            return new TestCertificates(dir, name);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path caFile() {
        return caFile;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** A certificate for 127.0.0.1 and localhost signed by this CA, with its key in the given format. */
    public Issued issue(String name, KeyFormat format) {
        try {
            KeyPair keys = generate(format);
            JcaX509v3CertificateBuilder builder = builder(caName, new X500Name("CN=" + name), keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate certificate = sign(builder, caKeys.getPrivate());
            Path certFile = write(dir.resolve(name + ".crt"), pem(certificate));
            Path keyFile = write(dir.resolve(name + ".key"), keyPem(keys, format));
            return new Issued(certificate, keys.getPrivate(), certFile, keyFile, ca);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client TLS context trusting this CA, presenting {@code identity} when it is not null. */
    public SSLContext clientContext(Issued identity) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (identity != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("me", identity.key(), new char[0],
                        new X509Certificate[] {identity.certificate(), identity.issuer()});
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(),
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair generate(KeyFormat format) throws GeneralSecurityException {
        if (format == KeyFormat.EC) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String keyPem(KeyPair keys, KeyFormat format) throws IOException {
        return switch (format) {
            // JcaPEMWriter writes an RSA key as PKCS#1
            case RSA_PKCS1 -> pem(keys.getPrivate());
            case RSA_PKCS8 -> pem(new JcaPKCS8Generator(keys.getPrivate(), null));
            // SEC 1 with the named curve and the public key in it, as openssl ecparam -genkey writes it
            case EC -> {
                java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
                org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(),
                        new DERBitString(SubjectPublicKeyInfo
                                .getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes()),
                        new X962Parameters(SECObjectIdentifiers.secp256r1));
                yield pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
        };
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
