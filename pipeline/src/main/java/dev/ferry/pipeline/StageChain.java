package dev.ferry.pipeline;

import java.util.List;

/**
 * Stages wired in order: each stage's output is the next stage's input, the last one's goes to the
 * emitter passed in each call. No list per entry: the links are made once.
 */
public final class StageChain {
    private final Stage[] stages;
    private final Emitter[] inputs; // inputs[i] feeds stages[i]; inputs[n] is the relay to the caller's emitter
    private final Relay end = new Relay();

    StageChain(List<StageConfig> configs, StageContext parent, String pathPrefix, PipelineObserver observer) {
        int n = configs.size();
        stages = new Stage[n];
        inputs = new Emitter[n + 1];
        inputs[n] = end;
        for (int i = 0; i < n; i++) {
            StageConfig c = configs.get(i);
            stages[i] = c.newStage(parent.child(pathPrefix + (i + 1), c.stageName()));
        }
        for (int i = n - 1; i >= 0; i--) {
            inputs[i] = observer == null
                    ? new Link(stages[i], inputs[i + 1])
                    : new ObservedLink(
                            stages[i],
                            inputs[i + 1],
                            observer,
                            pathPrefix + (i + 1),
                            configs.get(i).stageName());
        }
    }

    /** Runs {@code entry} through the stages; what comes out goes to {@code out}. */
    public void process(Entry entry, Emitter out) {
        end.target = out;
        inputs[0].emit(entry);
    }

    /** Ticks every stage in order; what a stage releases runs through the stages after it. */
    public void tick(long nowNanos, Emitter out) {
        end.target = out;
        for (int i = 0; i < stages.length; i++) {
            stages[i].tick(nowNanos, inputs[i + 1]);
        }
    }

    /** True while a stage holds an entry that a tick will release (see {@link Stage#holds}). */
    public boolean holds() {
        for (Stage stage : stages) {
            if (stage.holds()) {
                return true;
            }
        }
        return false;
    }

    public void endStream(Object streamKey, Emitter out) {
        end.target = out;
        for (int i = 0; i < stages.length; i++) {
            stages[i].endStream(streamKey, inputs[i + 1]);
        }
    }

    public void flush(Emitter out) {
        end.target = out;
        for (int i = 0; i < stages.length; i++) {
            stages[i].flush(inputs[i + 1]);
        }
    }

    public int size() {
        return stages.length;
    }

    private static final class Relay implements Emitter {
        Emitter target;

        @Override
        public void emit(Entry entry) {
            target.emit(entry);
        }
    }

    private record Link(Stage stage, Emitter next) implements Emitter {
        @Override
        public void emit(Entry entry) {
            stage.process(entry, next);
        }
    }

    private record ObservedLink(Stage stage, Emitter next, PipelineObserver observer, String path, String name)
            implements Emitter {
        @Override
        public void emit(Entry entry) {
            observer.entering(path, name, entry);
            stage.process(entry, next);
        }
    }
}
