package dev.ferry.loki;

import java.nio.file.Path;

/**
 * TLS settings for an https endpoint, as Alloy's {@code tls_config}: a CA to trust (default: the
 * JDK's trust store), a client certificate and PKCS#8 PEM key for mutual TLS, the server name to
 * send and verify, and an escape hatch that turns verification off.
 */
public record TlsOptions(Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {
    public static final TlsOptions DEFAULT = new TlsOptions(null, null, null, null, false);

    public TlsOptions {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("tls: cert_file and key_file must be given together (got only "
                    + (certFile == null ? "key_file" : "cert_file") + ")");
        }
    }
}
