package io.wally.runtime.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory for {@code ssl://} brokers from PEM files, as Mosquitto users have them:
 * a CA certificate (trust only what it signed), and optionally a client certificate with its unencrypted
 * PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC).
 */
final class TlsSocketFactories {

    private static final char[] IN_MEMORY_PASSWORD = "wally".toCharArray();

    private TlsSocketFactories() {
    }

    /**
     * @param caFile   PEM CA certificate(s); null: the JVM's default trust store
     * @param certFile PEM client certificate chain; null: no client certificate
     * @param keyFile  PEM PKCS#8 private key of {@code certFile}; required with it
     * @throws MqttTransportException naming the file that cannot be used and why
     */
    static SSLSocketFactory create(Path caFile, Path certFile, Path keyFile) throws MqttTransportException {
        if ((certFile == null) != (keyFile == null)) {
            throw new MqttTransportException("mqtt.tls: certFile and keyFile must be given together");
        }
        try {
            TrustManager[] trust = null;
            if (caFile != null) {
                KeyStore trustStore = emptyKeyStore();
                int i = 0;
                for (Certificate ca : readCertificates(caFile)) {
                    trustStore.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore);
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (certFile != null) {
                List<Certificate> chain = readCertificates(certFile);
                PrivateKey key = readPrivateKey(keyFile);
                KeyStore keyStore = emptyKeyStore();
                keyStore.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, IN_MEMORY_PASSWORD);
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttTransportException("mqtt.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> readCertificates(Path file) throws MqttTransportException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty()) {
                throw new MqttTransportException("mqtt.tls: no certificate in " + file);
            }
            return new ArrayList<>(certs);
        } catch (IOException e) {
            throw new MqttTransportException("mqtt.tls: cannot read " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new MqttTransportException("mqtt.tls: " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws MqttTransportException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MqttTransportException("mqtt.tls: cannot read " + file + ": " + e, e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new MqttTransportException("mqtt.tls: " + file + " is not an unencrypted PKCS#8 PEM key"
                    + " (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in "
                    + file + " -out key-pkcs8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the PKCS#8 envelope does not say the algorithm up front here: try the usual ones
            }
        }
        throw new MqttTransportException("mqtt.tls: " + file + " holds a key that is neither RSA, EC nor Ed25519");
    }
}
