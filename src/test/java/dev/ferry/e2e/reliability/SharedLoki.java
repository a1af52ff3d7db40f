package dev.ferry.e2e.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.loki.testing.LocalLoki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method a {@link LokiServer} parameter: one real Loki for the whole run of the suite
 * (each test queries only its own run's label, so they do not see each other), started on first use
 * (~10 s) and stopped when the test run ends. A test that takes one is skipped, with the reason,
 * where {@code ../shared/loki} is absent (a fresh clone).
 */
final class SharedLoki implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedLoki.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LokiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Optional<Path> shared = LocalLoki.find();
        assumeTrue(
                shared.isPresent(),
                "the real Loki binary is not in ../shared/loki (a fresh clone has none): reliability scenario skipped");
        LokiServer loki = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("loki", key -> start(shared.get()), LokiServer.class);
        if (!loki.ready()) {
            restart(loki); // a scenario that stopped it and failed before starting it again
        }
        return loki;
    }

    private static LokiServer start(Path shared) {
        try {
            return LokiServer.start(shared);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting loki", e);
        }
    }

    private static void restart(LokiServer loki) {
        try {
            loki.stop();
            loki.startAgain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting loki", e);
        }
    }
}
