package dev.ferry.agent.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The client the agent uses, with fabric8's usual configuration search, and a check that there is one. */
public final class KubernetesClients {
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private KubernetesClients() {}

    /**
     * In-cluster service account, or {@code KUBECONFIG}, or {@code ~/.kube/config} (fabric8's order of search); every
     * failed pod list or watch attempt is told to {@code failures} at once.
     */
    static KubernetesClient create(FailedApiCalls failures) {
        return create(null, failures);
    }

    /** A client with this configuration ({@code null}: fabric8's search), reporting failed attempts. */
    static KubernetesClient create(Config config, FailedApiCalls failures) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder()
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("ferry-failed-api-calls", failures));
        return (config == null ? builder : builder.withConfig(config)).build();
    }

    /**
     * Null when fabric8 will find a configuration; otherwise a sentence saying there is none, which
     * replaces the client's own error (an unknown host {@code kubernetes.default.svc}) in the status.
     */
    public static String missingConfiguration() {
        return missingConfiguration(
                System.getenv(), Path.of(System.getProperty("user.home", "/")), SERVICE_ACCOUNT_TOKEN);
    }

    static String missingConfiguration(Map<String, String> env, Path home, Path serviceAccountToken) {
        if (env.get("KUBERNETES_SERVICE_HOST") != null && Files.exists(serviceAccountToken)) {
            return null;
        }
        if (env.get("KUBERNETES_MASTER") != null || System.getProperty("kubernetes.master") != null) {
            return null;
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            for (String f : kubeconfig.split(File.pathSeparator)) {
                if (!f.isBlank() && Files.isRegularFile(Path.of(f))) {
                    return null;
                }
            }
        } else if (Files.isRegularFile(home.resolve(".kube").resolve("config"))) {
            return null;
        }
        return "no Kubernetes configuration: no in-cluster service account, and "
                + (kubeconfig != null && !kubeconfig.isBlank()
                        ? "KUBECONFIG (" + kubeconfig + ") names no readable file"
                        : "no KUBECONFIG and no " + home.resolve(".kube").resolve("config"));
    }
}
