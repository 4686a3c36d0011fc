package dev.lazybuild.fetch.http;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The servers (host:port) that asked this process for a client certificate. With TLS 1.3 a
 * server that wants one and gets none (or refuses it) fails the connection only after the
 * handshake, so the client sees a broken pipe or no response, and Red Hat's CDN asks for one and
 * answers 403 without; JSSE asks the key manager to choose a client key exactly when the
 * server sent a CertificateRequest, so a key manager that notes it lets a failure be explained.
 */
final class CertificateRequests {
    private final Set<String> askedBy = ConcurrentHashMap.newKeySet();

    /** Whether {@code host:port} asked for a client certificate in a handshake of this process. */
    boolean askedBy(String host, int port) {
        return askedBy.contains(host.toLowerCase(Locale.ROOT) + ":" + port);
    }

    /** The key managers, each noting the servers that ask it for a client key. */
    KeyManager[] noting(KeyManager[] managers) {
        KeyManager[] out = managers.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof X509KeyManager x509) {
                out[i] = new Noting(x509);
            }
        }
        return out;
    }

    private void note(SSLSession handshake) {
        if (handshake != null && handshake.getPeerHost() != null) {
            askedBy.add(handshake.getPeerHost().toLowerCase(Locale.ROOT) + ":" + handshake.getPeerPort());
        }
    }

    private final class Noting extends X509ExtendedKeyManager {
        private final X509KeyManager keys;

        Noting(X509KeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                note(ssl.getHandshakeSession());
            }
            return keys.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            note(engine.getHandshakeSession());
            return keys instanceof X509ExtendedKeyManager e ? e.chooseEngineClientAlias(keyType, issuers, engine) : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
