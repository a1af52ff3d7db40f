package dev.ferry.loki;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An AckListener for tests that records every outcome and fails loudly on a second ack of one token. */
final class RecordingAcks implements AckListener {
    private final Map<Object, PushOutcome> outcomes = new ConcurrentHashMap<>();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void acknowledged(Object token, PushOutcome outcome) {
        PushOutcome before = outcomes.putIfAbsent(token, outcome);
        if (before != null) {
            errors.add("token " + token + " acknowledged twice: " + before + " then " + outcome);
        }
    }

    PushOutcome outcome(Object token) {
        return outcomes.get(token);
    }

    int count() {
        return outcomes.size();
    }

    long count(PushOutcome outcome) {
        return outcomes.values().stream().filter(o -> o == outcome).count();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
