package dev.ferry.agent.kubernetes;

/**
 * Where the Kubernetes source hands each line it reads. Called from the container's follower
 * thread (a virtual thread), in read order per container.
 */
@FunctionalInterface
public interface LogLineSink {
    /**
     * Takes one line. Blocks while the downstream is full: the follower then stops reading its
     * socket, which is the backpressure (nothing is buffered meanwhile). The line must end in
     * exactly one {@link LineAck#settle} call, now or later, from any thread.
     *
     * @param target the container, with its current labels (they change when the pod's labels change)
     * @param epochNanos the kubelet's timestamp of the line
     * @param line the line without the timestamp and the newline; invalid UTF-8 replaced by U+FFFD
     * @throws InterruptedException when the source is closing; the line counts as not handed on
     */
    void accept(KubernetesTarget target, long epochNanos, String line, LineAck ack) throws InterruptedException;
}
