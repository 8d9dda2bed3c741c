package io.lakeshare.ops.health;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away CA and server certificates made with the JDK's keytool: real X.509 chains, no test
 * doubles, so the probe meets exactly what a misconfigured ingress would show it.
 */
final class TestCertificates {

    private static final String PASSWORD = "changeit";
    private final Path dir;

    TestCertificates(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Lakeshare Test CA",
                "-ext",
                "bc:c",
                "-validity",
                "30",
                "-keystore",
                store("ca"));
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", store("ca"), "-file", caPem().toString());
    }

    /** The CA's certificate, to configure as trusted. */
    Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A key and a certificate for {@code dnsName} signed by the CA, valid from {@code startDate} for {@code days}. */
    SSLContext signed(String name, String dnsName, String startDate, int days) throws Exception {
        keypair(name, dnsName);
        String csr = dir.resolve(name + ".csr").toString();
        String crt = dir.resolve(name + ".crt").toString();
        keytool("-certreq", "-alias", "server", "-keystore", store(name), "-file", csr);
        List<String> gencert = new ArrayList<>(List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                store("ca"),
                "-infile",
                csr,
                "-outfile",
                crt,
                "-rfc",
                "-ext",
                "san=dns:" + dnsName,
                "-validity",
                String.valueOf(days)));
        if (startDate != null) {
            gencert.addAll(List.of("-startdate", startDate));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem().toString(), "-keystore", store(name));
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", crt, "-keystore", store(name));
        return serverContext(name);
    }

    /** A self-signed certificate for {@code dnsName}: no CA anyone trusts. */
    SSLContext selfSigned(String name, String dnsName) throws Exception {
        keypair(name, dnsName);
        return serverContext(name);
    }

    private void keypair(String name, String dnsName) throws IOException, InterruptedException {
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + dnsName,
                "-ext",
                "san=dns:" + dnsName,
                "-validity",
                "30",
                "-keystore",
                store(name));
    }

    private SSLContext serverContext(String name) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
