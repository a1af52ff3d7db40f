package dev.ferry.e2e.reliability;

import dev.ferry.loki.testing.LocalLoki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method a {@link LokiServer} parameter: one real Loki for the whole run of the suite
 * (each test queries only its own run's label, so they do not see each other), started on first use
 * (~10 s) and stopped when the test run ends. A test that takes one is skipped, with the reason,
 * where {@code ../shared/loki} is absent (a fresh clone); the class's other tests still run.
 */
final class SharedLoki implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedLoki.class);

    /** Skips, with the reason, a test that takes a Loki where there is no Loki binary. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean needsLoki = context.getTestMethod()
                .map(m -> Arrays.asList(m.getParameterTypes()).contains(LokiServer.class))
                .orElse(false);
        if (needsLoki && LocalLoki.find().isEmpty()) {
            return ConditionEvaluationResult.disabled(
                    "the real Loki binary is not in ../shared/loki (a fresh clone has none): reliability scenario skipped");
        }
        return ConditionEvaluationResult.enabled("needs no Loki, or ../shared/loki is there");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LokiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Path shared = LocalLoki.find().orElseThrow(); // evaluateExecutionCondition skipped the test otherwise
        LokiServer loki = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("loki", key -> start(shared), LokiServer.class);
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
