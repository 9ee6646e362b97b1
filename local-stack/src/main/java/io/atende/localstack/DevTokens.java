package io.atende.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.atende.contracts.JsonCodec;

/**
 * Mints RS256 bearer tokens signed with the DEV key pair in {@code dev-jwt/}, which the services trust only when
 * configured to (tests, ./run.sh). Production points the services at a real issuer's key instead.
 *
 * <pre>java -cp "$(cat local-stack/target/classpath.txt):local-stack/target/classes" io.atende.localstack.DevTokens \
 *     --user ana --roles agent --departments 6a1d3a8e-...</pre>
 */
public final class DevTokens {

    public static final String ISSUER = "https://atende.dev/local";
    /** The audience the services require by default ({@code ATENDE_JWT_AUDIENCE}). */
    public static final String AUDIENCE = "atende";
    public static final String PUBLIC_KEY_RESOURCE = "dev-jwt/public.pem";
    private static final String PRIVATE_KEY_RESOURCE = "dev-jwt/private.pem";

    private DevTokens() {
    }

    /** The PEM the services are configured to trust in dev and tests. */
    public static String publicKeyPem() {
        return resource(PUBLIC_KEY_RESOURCE);
    }

    public static String mint(String user, List<String> roles) {
        return mint(user, roles, Map.of(), Duration.ofHours(12));
    }

    /** A supervisor's token whose {@code departments} claim names these departments. */
    public static String supervisorOf(UUID... departments) {
        return mint("sup", List.of("supervisor"),
                Map.of("departments", Arrays.stream(departments).map(UUID::toString).toList()), Duration.ofHours(12));
    }

    /** @param extraClaims further claims, e.g. a user id the service maps the token to */
    public static String mint(String user, List<String> roles, Map<String, Object> extraClaims, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", user);
        claims.put("upn", user);
        claims.put("groups", roles);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.putAll(extraClaims);
        String header = base64Url(JsonCodec.write(Map.of("alg", "RS256", "typ", "JWT")));
        String body = base64Url(JsonCodec.write(claims));
        String signingInput = header + "." + body;
        return signingInput + "." + sign(signingInput);
    }

    /**
     * Admin tokens every service must refuse (401), by what is wrong with them: another application's audience, no
     * audience, expired, another issuer, signed with a key the services do not trust, unsigned.
     */
    public static Map<String, String> refusedAdminTokens() {
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> admin = List.of("admin");
        refused.put("another audience", mint("intruder", admin, Map.of("aud", "another-app"), Duration.ofHours(1)));
        String anyAudience = mint("intruder", admin);
        refused.put("no audience", withoutClaim(anyAudience, "aud"));
        refused.put("expired", mint("intruder", admin, Map.of("iat", Instant.now().minusSeconds(7200).getEpochSecond(),
                "exp", Instant.now().minusSeconds(3600).getEpochSecond()), Duration.ZERO));
        refused.put("another issuer", mint("intruder", admin, Map.of("iss", "https://elsewhere.example"), Duration.ofHours(1)));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            refused.put("untrusted key", resign(anyAudience, generator.generateKeyPair().getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String[] parts = anyAudience.split("\\.");
        refused.put("unsigned", base64Url(JsonCodec.write(Map.of("alg", "none", "typ", "JWT"))) + "." + parts[1] + ".");
        return refused;
    }

    private static String withoutClaim(String token, String claim) {
        String[] parts = token.split("\\.");
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = new LinkedHashMap<>(JsonCodec.read(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), Map.class));
        claims.remove(claim);
        return resign(parts[0] + "." + base64Url(JsonCodec.write(claims)) + ".x", null);
    }

    /** The token's header and claims signed again, with {@code key} (null: the dev key). */
    private static String resign(String token, PrivateKey key) {
        String[] parts = token.split("\\.");
        String signingInput = parts[0] + "." + parts[1];
        try {
            return signingInput + "." + sign(signingInput, key == null ? privateKey() : key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String input) {
        try {
            return sign(input, privateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
    }

    private static String sign(String input, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
    }

    private static PrivateKey privateKey() throws GeneralSecurityException {
        String pem = resource(PRIVATE_KEY_RESOURCE).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static String resource(String name) {
        try (InputStream in = DevTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Prints a token: {@code --user NAME --roles a,b [--claim key=value]... [--ttl-hours N]}. */
    public static void main(String[] args) {
        String user = "admin";
        List<String> roles = List.of("admin");
        Map<String, Object> claims = new LinkedHashMap<>();
        long ttlHours = 12;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--user" -> user = args[i + 1];
                case "--roles" -> roles = List.of(args[i + 1].split(","));
                case "--claim" -> {
                    String[] pair = args[i + 1].split("=", 2);
                    claims.put(pair[0], pair.length > 1 ? pair[1] : "");
                }
                case "--ttl-hours" -> ttlHours = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println(mint(user, new ArrayList<>(roles), claims, Duration.ofHours(ttlHours)));
    }
}
