package io.atende.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.atende.localstack.DevTokens;
import io.atende.localstack.LocalStack;
import io.atende.localstack.LocalPostgres;

/**
 * The whole product on this machine: one embedded Kafka, one embedded PostgreSQL, and the four packaged services
 * as separate processes, configured only through their documented environment variables.
 */
public final class AtendeSystem implements AutoCloseable {

    public static final String GATEWAY = "channel-gateway";
    public static final String TICKETING = "ticketing-service";
    public static final String SLA = "sla-service";
    public static final String REPORTING = "reporting-service";

    private static final Map<String, String> DATABASES = Map.of(GATEWAY, "atende_gateway", TICKETING,
            "atende_ticketing", SLA, "atende_sla", REPORTING, "atende_reporting");

    private final LocalStack stack;
    private final Map<String, ServiceProcess> services;
    private final Map<String, Map<String, String>> envs;
    /** Each process's service (a replica runs its service's module with its configuration). */
    private final Map<String, String> serviceOf = new HashMap<>();
    private final Path root;
    private final Path workDir;

    private AtendeSystem(LocalStack stack, Map<String, ServiceProcess> services, Map<String, Map<String, String>> envs,
            Path root, Path workDir) {
        this.stack = stack;
        this.services = services;
        this.envs = envs;
        this.root = root;
        this.workDir = workDir;
        services.keySet().forEach(name -> serviceOf.put(name, name));
    }

    /**
     * @param root       the repository root (where the modules are)
     * @param workDir    where logs and the dev key go
     * @param extraEnv   settings for every service (e.g. {@code ATENDE_SLA_FIRST_RESPONSE})
     */
    public static AtendeSystem start(Path root, Path workDir, Map<String, String> extraEnv) {
        LocalStack stack = LocalStack.start(0, 0, null, 3);
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        Map<String, Map<String, String>> envs = new HashMap<>();
        try {
            Path publicKey = writeDevPublicKey(workDir);
            for (String name : List.of(GATEWAY, TICKETING, SLA, REPORTING)) {
                Map<String, String> env = new HashMap<>(extraEnv);
                env.putAll(serviceEnv(stack, name, publicKey));
                envs.put(name, env);
                services.put(name, ServiceProcess.start(name, root.resolve(name), freePort(), env, workDir));
            }
            // Readiness in parallel: the services start in any order and wait for each other's topics, not APIs.
            CompletableFuture.allOf(services.values().stream()
                    .map(service -> CompletableFuture.runAsync(() -> service.awaitReady(Duration.ofSeconds(120))))
                    .toArray(CompletableFuture[]::new)).join();
            return new AtendeSystem(stack, services, envs, root, workDir);
        } catch (IOException | RuntimeException e) {
            services.values().forEach(ServiceProcess::close);
            stack.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A service's configuration on the local stack: only the environment variables the services document. */
    static Map<String, String> serviceEnv(LocalStack stack, String service, Path publicKey) {
        Map<String, String> env = new HashMap<>();
        env.put("ATENDE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers());
        env.put("ATENDE_DB_REACTIVE_URL", stack.postgres().reactiveUrl(DATABASES.get(service)));
        env.put("ATENDE_DB_JDBC_URL", stack.postgres().jdbcUrl(DATABASES.get(service)));
        env.put("ATENDE_DB_USER", LocalPostgres.USER);
        env.put("ATENDE_DB_PASSWORD", LocalPostgres.PASSWORD);
        env.put("ATENDE_JWT_PUBLIC_KEY", publicKey.toString());
        return env;
    }

    /** Writes the dev token key the services are pointed at into {@code dir}. */
    static Path writeDevPublicKey(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("jwt-public.pem"), DevTokens.publicKeyPem());
    }

    public LocalStack stack() {
        return stack;
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public Map<String, ServiceProcess> services() {
        return services;
    }

    /**
     * Starts another replica of a service ({@code replica} names its process and log, e.g. "ticketing-service-2"),
     * configured as the first one, and waits until it is ready.
     */
    public ServiceProcess startReplica(String service, String replica) {
        ServiceProcess started = ServiceProcess.start(replica, root.resolve(service), freePort(), envs.get(service),
                workDir);
        started.awaitReady(Duration.ofSeconds(120));
        services.put(replica, started);
        serviceOf.put(replica, service);
        return started;
    }

    /** Kills a service's process (SIGKILL, as a crash would) and starts it again on the same port, ready. */
    public ServiceProcess crashAndRestart(String name) {
        ServiceProcess crashed = services.get(name);
        crashed.kill();
        String service = serviceOf.get(name);
        ServiceProcess restarted = ServiceProcess.start(name, root.resolve(service), crashed.port(), envs.get(service),
                workDir);
        restarted.awaitReady(Duration.ofSeconds(120));
        services.put(name, restarted);
        return restarted;
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        stack.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
